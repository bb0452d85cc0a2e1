package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.apikey.ApiKeys;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Signing in with an API key, and out: a server-side session in an HttpOnly, SameSite=Strict cookie. */
public final class SignIn {
    private final Guard guard;
    private final ConsoleSessions sessions;
    private final ApiKeys apiKeys;
    private final Pages pages;

    SignIn(Guard guard, ConsoleSessions sessions, ApiKeys apiKeys, Pages pages) {
        this.guard = guard;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.pages = pages;
    }

    /** What the sign-in page says: an error after a refused key, or null. */
    public record SignInPage(String error) {
    }

    void routing(HttpRules rules) {
        guard.open(rules, Method.GET, "/", (req, res) ->
                Pages.redirect(res, guard.session(req).isPresent() ? "/projects" : "/sign-in"));
        guard.open(rules, Method.GET, "/sign-in", (req, res) -> {
            if (guard.session(req).isPresent()) {
                Pages.redirect(res, "/projects");
                return;
            }
            pages.send(res, 200, "sign-in", new Frame("Sign in", null, null), new SignInPage(null));
        });
        guard.open(rules, Method.POST, "/sign-in", this::signIn);
        guard.action(rules, "/sign-out", (req, res, session, form) -> {
            sessions.end(session.id());
            res.header(HeaderNames.SET_COOKIE, cookie(req, "", true));
            Pages.redirect(res, "/sign-in");
        });
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        String key = Form.read(req).get("key");
        key = key == null ? "" : key.strip();
        if (key.isEmpty() || !apiKeys.accepts(key)) {
            pages.send(res, 401, "sign-in", new Frame("Sign in", null, null),
                    new SignInPage(key.isEmpty() ? "Enter an API key" : "This key is not accepted: it is unknown or revoked"));
            return;
        }
        // A fresh session id on every sign-in: an id planted before signing in is worth nothing.
        req.headers().cookies().first(Guard.COOKIE).ifPresent(sessions::end);
        ConsoleSession session = sessions.open(ApiKeyHash.of(key));
        res.header(HeaderNames.SET_COOKIE, cookie(req, session.id(), false));
        Pages.redirect(res, "/projects");
    }

    /** The session cookie: never readable by scripts, never sent by another site, Secure behind TLS. */
    static String cookie(ServerRequest req, String value, boolean expire) {
        StringBuilder cookie = new StringBuilder(Guard.COOKIE).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict");
        if (expire) {
            cookie.append("; Max-Age=0");
        }
        if (behindTls(req)) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }

    private static boolean behindTls(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase).orElse(false);
    }
}
