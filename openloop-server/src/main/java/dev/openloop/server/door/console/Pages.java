package dev.openloop.server.door.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the console's templates (compiled with the server, see {@code src/main/jte}) and sends
 * them with the headers every page carries: a Content-Security-Policy that allows only the node's
 * own style sheet and scripts (no inline script or style, no other origin), no framing, no sniffing,
 * no caching of pages that hold stored data.
 */
final class Pages {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Sends the template {@code console/<name>.jte} with {@code frame} and {@code page} as its parameters. */
    void send(ServerResponse res, int status, String name, Frame frame, Object page) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame);
        params.put("page", page);
        StringOutput out = new StringOutput();
        engine.render("console/" + name + ".jte", params, out);
        protect(res);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.send(out.toString());
    }

    /** Sends a 303 to {@code location}, a path of the console. */
    static void redirect(ServerResponse res, String location) {
        protect(res);
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    static void protect(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "same-origin");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }
}
