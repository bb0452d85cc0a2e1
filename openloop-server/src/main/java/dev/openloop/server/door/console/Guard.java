package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeys;
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

    Guard(ConsoleSessions sessions, ApiKeys apiKeys, Pages pages) {
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
            handler.handle(req, res, session.get());
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
            handler.handle(req, res, session.get(), form);
        }));
    }

    /** A route open to everyone (signing in). */
    void open(HttpRules rules, io.helidon.http.Method method, String path, io.helidon.webserver.http.Handler handler) {
        rules.route(method, path, (req, res) -> guarded(req, res, () -> handler.handle(req, res)));
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
