package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.apikey.Caller;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.apikey.Role;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Puts every console route behind a session: a page without one sends the browser to sign in; a
 * change (POST) must also carry the session's CSRF token. It is also the one place where the
 * console's failures become pages with their status.
 *
 * <p>A session carries the scope of the key it was opened with, looked up on each request (so a
 * key's change or revocation reaches its sessions): a change needs a {@code write} key and the
 * keys pages an {@code admin} key (403 otherwise), and a project, log or experiment out of the
 * key's reach is refused as one that does not exist. The path tells which thing a route shows
 * ({@link #reach}), so each page and action is checked here, before its handler runs.
 */
final class Guard {
    private static final System.Logger LOG = System.getLogger(Guard.class.getName());
    static final String COOKIE = "openloop_console";
    static final String CSRF_FIELD = "csrf";

    /** Shows a page to a signed-in person. */
    @FunctionalInterface
    interface PageHandler {
        void handle(ServerRequest req, ServerResponse res, ConsoleSession session);
    }

    /** Makes a change asked for by a signed-in person's form. */
    @FunctionalInterface
    interface ActionHandler {
        void handle(ServerRequest req, ServerResponse res, ConsoleSession session, Form form);
    }

    private final ConsoleSessions sessions;
    private final ApiKeys apiKeys;
    private final Pages pages;

    private final ConsoleServices services;

    Guard(ConsoleSessions sessions, ApiKeys apiKeys, Pages pages, ConsoleServices services) {
        this.services = services;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.pages = pages;
    }

    /** A GET route showing a page to a signed-in person. */
    void page(HttpRules rules, String path, PageHandler handler) {
        rules.get(path, (req, res) -> guarded(req, res, () -> {
            Optional<ConsoleSession> session = session(req);
            if (session.isEmpty()) {
                Pages.redirect(res, "/sign-in");
                return;
            }
            KeyScope scope = scopeOf(session.get());
            require(scope, path.startsWith("/keys") ? Role.ADMIN : Role.READ);
            reach(path, req, scope);
            handler.handle(req, res, session.get().mayChange(scope.role().allows(Role.WRITE)));
        }));
    }

    /** A POST route making a change; refused with 403 without the session's CSRF token. */
    void action(HttpRules rules, String path, ActionHandler handler) {
        rules.post(path, (req, res) -> guarded(req, res, () -> {
            Optional<ConsoleSession> session = session(req);
            if (session.isEmpty()) {
                Pages.redirect(res, "/sign-in");
                return;
            }
            Form form = Form.read(req);
            if (!ConsoleSessions.csrfMatches(session.get(), form.get(CSRF_FIELD))) {
                throw ConsoleException.forbidden("This form has expired or did not come from the console: reload the page and try again");
            }
            KeyScope scope = scopeOf(session.get());
            // Signing out changes nothing of the server's, so a read key may.
            require(scope, path.startsWith("/keys") ? Role.ADMIN : path.equals("/sign-out") ? Role.READ : Role.WRITE);
            reach(path, req, scope);
            handler.handle(req, res, session.get().mayChange(scope.role().allows(Role.WRITE)), form);
        }));
    }

    /** A route open to everyone (signing in). */
    void open(HttpRules rules, io.helidon.http.Method method, String path, io.helidon.webserver.http.Handler handler) {
        rules.route(method, path, (req, res) -> guarded(req, res, () -> handler.handle(req, res)));
    }

    /** The role and projects of the key {@code session} was opened with. */
    KeyScope scopeOf(ConsoleSession session) {
        return apiKeys.callerOfHash(session.keyHash()).map(Caller::scope)
                .orElseThrow(() -> ConsoleException.forbidden("This session's key is no longer accepted: sign in again"));
    }

    private static void require(KeyScope scope, Role role) {
        if (!scope.role().allows(role)) {
            throw ConsoleException.forbidden("You signed in with a " + scope.role().wireName() + " key: this needs a "
                    + role.wireName() + " key");
        }
    }

    /**
     * Refuses a route's project, log or experiment when the key does not reach it, in the words
     * of the page that finds none: the same status and message as for one that does not exist.
     */
    private void reach(String path, ServerRequest req, KeyScope scope) {
        if (scope.everyProject() || !path.contains("{id}")) {
            return;
        }
        String id = req.path().pathParameters().get("id");
        if (path.startsWith("/projects/{id}") && !scope.reaches(id)) {
            throw ConsoleException.notFound("There is no project " + id);
        }
        if (path.startsWith("/logs/{id}") && !scope.reaches(services.logs().get(id).projectId())) {
            throw Refusal.notFound("Log " + id + " not found");
        }
        if (path.startsWith("/experiments/{id}") && !scope.reaches(services.experiments().store().get(id).projectId())) {
            throw Refusal.notFound("Experiment " + id + " not found");
        }
    }

    /** The live session of the request's cookie, whose key is still accepted. */
    Optional<ConsoleSession> session(ServerRequest req) {
        Optional<ConsoleSession> session = sessions.find(req.headers().cookies().first(COOKIE).orElse(null));
        if (session.isPresent() && !apiKeys.acceptsHash(session.get().keyHash())) {
            sessions.endAllOf(session.get().keyHash());
            return Optional.empty();
        }
        return session;
    }

    private interface Work {
        void run() throws Exception;
    }

    private void guarded(ServerRequest req, ServerResponse res, Work work) throws Exception {
        try {
            work.run();
        } catch (ConsoleException e) {
            error(req, res, e.status(), e.getMessage());
        } catch (Refusal | ProviderFailure e) {
            // A store's refusal (an unknown id, a conflict) or the playground's provider failing: written for people.
            error(req, res, ConsoleFailures.status(e), ConsoleFailures.message(e));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a console page failed", e);
            error(req, res, 500, "Something went wrong on the server; the server's log says what");
        }
    }

    private void error(ServerRequest req, ServerResponse res, int status, String message) {
        if (res.isSent()) {
            return;
        }
        String csrf = session(req).map(ConsoleSession::csrfToken).orElse(null);
        pages.send(res, status, "error", new Frame("Error " + status, csrf, null), message);
    }
}
