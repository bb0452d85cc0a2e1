package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.apikey.KeyIssuer;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.apikey.StoredKey;
import dev.openloop.server.web.InputLimits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The API keys: list, create (the key shown once, in the answer to the form that made it), revoke;
 * what {@code ./openloop keys} does, on the node's database. Keys have no scopes: whoever signs in
 * with a key may manage them, as whoever runs the command may.
 */
public final class KeyPages {
    private final Guard guard;
    private final Pages pages;
    private final ApiKeyStore keys;
    private final ConsoleSessions sessions;
    private final ApiKeys apiKeys;

    private final ConsoleServices services;

    KeyPages(Guard guard, Pages pages, ConsoleServices services, ConsoleSessions sessions, ApiKeys apiKeys) {
        this.services = services;
        ApiKeyStore keys = services.keys();
        this.guard = guard;
        this.pages = pages;
        this.keys = keys;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
    }

    public record KeyRow(String id, String name, String role, String projects, String created, String revoked, boolean active,
            boolean yours) {
    }

    /**
     * The keys page.
     *
     * @param keys every key, oldest first
     * @param createdName the name of a key just created, or null
     * @param createdKey that key, shown this once, or null
     */
    public record KeysPage(List<KeyRow> keys, String createdName, String createdKey) {
    }

    void routing(HttpRules rules) {
        guard.page(rules, "/keys", (req, res, session) -> send(res, session, null, null));
        guard.action(rules, "/keys", (req, res, session, form) -> {
            String name = form.required("name", "A name for the key");
            if (name.length() > InputLimits.MAX_NAME_LENGTH) {
                throw ConsoleException.badRequest("A name has at most " + InputLimits.MAX_NAME_LENGTH + " characters");
            }
            String projects = form.get("projects");
            List<String> refs = projects == null || projects.isBlank() ? List.of()
                    : Arrays.stream(projects.split(",")).map(String::strip).filter(ref -> !ref.isEmpty()).toList();
            KeyIssuer.Issued issued;
            try {
                issued = new KeyIssuer(keys, services.projects()::idOf).create(name, form.get("role"), refs);
            } catch (Refusal refused) {
                throw ConsoleException.badRequest(refused.problems().stream().map(problem -> problem.path().getFirst() + ": "
                        + problem.message()).collect(Collectors.joining("; ")));
            }
            // Answered here rather than redirected: the key is never in an address, and is not shown again.
            send(res, session, name, issued.key());
        });
        guard.action(rules, "/keys/{id}/revoke", (req, res, session, form) -> {
            String id = req.path().pathParameters().get("id");
            StoredKey key = keys.all().stream().filter(stored -> stored.id().equals(id)).findFirst()
                    .orElseThrow(() -> ConsoleException.notFound("There is no key " + id));
            if (key.active() && keys.countActive() == 1) {
                throw ConsoleException.badRequest("This is the last active key: create another before revoking it,"
                        + " or no one could sign in or call the API");
            }
            keys.revoke(key.hash());
            apiKeys.forget(key.hash());
            sessions.endAllOf(key.hash());
            Pages.redirect(res, key.hash().equals(session.keyHash()) ? "/sign-in" : "/keys");
        });
    }

    private void send(ServerResponse res, ConsoleSession session, String createdName, String createdKey) {
        List<KeyRow> rows = keys.all().stream().map(key -> new KeyRow(key.id(), key.name() == null ? "" : key.name(),
                key.scope().role().wireName(), key.scope().everyProject() ? "all" : String.join(", ", key.scope().sortedProjectIds()),
                Shown.time(key.createdAt()), key.revokedAt() == null ? "" : Shown.time(key.revokedAt()), key.active(),
                key.hash().equals(session.keyHash()))).toList();
        pages.send(res, 200, "keys", Frame.of("Keys", session, "keys"), new KeysPage(rows, createdName, createdKey));
    }
}
