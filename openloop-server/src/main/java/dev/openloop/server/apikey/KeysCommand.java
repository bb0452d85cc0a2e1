package dev.openloop.server.apikey;

import dev.openloop.server.failure.Refusal;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What {@code ./openloop keys list|create|revoke} does: manages the API keys of the database the node is
 * configured with. Every node on that database sees the change: a created key is accepted at
 * once, a revoked one stops being accepted within each node's {@code OPENLOOP_API_KEY_CACHE_MS}.
 */
public final class KeysCommand {
    /** Exit status of a command that did what it was asked. */
    public static final int OK = 0;
    /** Exit status of a command that could not, for a reason it printed. */
    public static final int FAILED = 1;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final ApiKeyStore store;
    private final KeyIssuer issuer;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param store the keys
     * @param projects how a project named on the command line is found
     * @param out where results go
     * @param err where problems go
     */
    public KeysCommand(ApiKeyStore store, KeyIssuer.ProjectIds projects, PrintStream out, PrintStream err) {
        this.store = store;
        this.issuer = new KeyIssuer(store, projects);
        this.out = out;
        this.err = err;
    }

    /** Prints every key: id, when created, whether revoked, role, projects, name. */
    public int list() {
        List<StoredKey> keys = store.all();
        if (keys.isEmpty()) {
            out.println("No keys. A node makes one when it starts without OPENLOOP_API_KEY; or: ./openloop keys create");
            return OK;
        }
        String format = "%-18s %-24s %-32s %-6s %-30s %s%n";
        out.printf(format, "ID", "CREATED", "STATUS", "ROLE", "PROJECTS", "NAME");
        for (StoredKey key : keys) {
            String status = key.active() ? "active" : "revoked " + WHEN.format(Instant.ofEpochMilli(key.revokedAt()));
            String projects = key.scope().everyProject() ? "(all)" : String.join(",", key.scope().sortedProjectIds());
            out.printf(format, key.id(), WHEN.format(Instant.ofEpochMilli(key.createdAt())), status,
                    key.scope().role().wireName(), projects, key.name() == null ? "-" : key.name());
        }
        return OK;
    }

    /** Makes an admin key named {@code name} (null for the default name), prints it once and stores its hash. */
    public int create(String name) {
        return create(name, null, List.of());
    }

    /**
     * Makes a key named {@code name} (null for the default name) of {@code role} (null: admin),
     * limited to {@code projects} (ids or names; empty: every project), prints it once and stores its hash.
     */
    public int create(String name, String role, List<String> projects) {
        KeyIssuer.Issued issued;
        try {
            issued = issuer.create(name == null ? "created with ./openloop keys create" : name, role, projects);
        } catch (Refusal refused) {
            for (Refusal.Problem problem : refused.problems()) {
                err.println("openloop: " + option(problem.path()) + ": " + problem.message());
            }
            return FAILED;
        }
        StoredKey stored = issued.stored();
        String reach = stored.scope().everyProject() ? "every project"
                : "the projects " + String.join(", ", stored.scope().sortedProjectIds());
        out.printf("""
                Created the key %s (role %s, reaching %s). It is shown only this once; only its hash is stored:

                    %s

                Every node on this database accepts it now, sent as the X-API-KEY header.
                """, stored.id(), stored.scope().role().wireName(), reach, issued.key());
        return OK;
    }

    /** The command line option a problem's path names: {@code --project} for {@code projects[i]}. */
    private static String option(List<Object> path) {
        String field = path.isEmpty() ? "" : String.valueOf(path.getFirst());
        return switch (field) {
            case "projects" -> "--project" + (path.size() > 1 ? " #" + ((Integer) path.get(1) + 1) : "");
            case "role" -> "--role";
            case "name" -> "--name";
            default -> field;
        };
    }

    /** Revokes the key whose id is, or starts with, {@code idOrPrefix}. */
    public int revoke(String idOrPrefix) {
        String hashPrefix;
        try {
            hashPrefix = ApiKeyHash.hashPrefixOf(idOrPrefix);
        } catch (IllegalArgumentException e) {
            err.println("openloop: " + e.getMessage());
            return FAILED;
        }
        List<StoredKey> matching = store.startingWith(hashPrefix);
        if (matching.isEmpty()) {
            err.println("openloop: no key has the id " + idOrPrefix + " (./openloop keys list shows the ids)");
            return FAILED;
        }
        if (matching.size() > 1) {
            err.println("openloop: " + matching.size() + " keys have ids starting with " + idOrPrefix + ": "
                    + String.join(", ", matching.stream().map(StoredKey::id).toList()) + "; give more of the id");
            return FAILED;
        }
        StoredKey key = matching.getFirst();
        if (!store.revoke(key.hash())) {
            out.println(key.id() + " was already revoked.");
            return OK;
        }
        out.println("Revoked " + key.id() + ". Every node stops accepting it within its OPENLOOP_API_KEY_CACHE_MS"
                + " (30 s by default); a node configured with it as OPENLOOP_API_KEY no longer starts.");
        if (store.countActive() == 0) {
            out.println("No active key is left: no request is accepted until one is created (./openloop keys create)"
                    + " or a node starts without OPENLOOP_API_KEY, which generates one.");
        }
        return OK;
    }
}
