package dev.openloop.server.door.console;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The console's style sheet and scripts, from the server's own resources: nothing from another origin. */
final class Assets {
    private static final Map<String, String> TYPES = Map.of(
            "console.css", "text/css; charset=UTF-8",
            "playground.js", "text/javascript; charset=UTF-8");

    private final Map<String, byte[]> bodies;

    Assets() {
        this.bodies = TYPES.keySet().stream().collect(java.util.stream.Collectors.toMap(name -> name, Assets::load));
    }

    void routing(HttpRules rules) {
        rules.get("/assets/{name}", (req, res) -> {
            String name = req.path().pathParameters().get("name");
            byte[] body = bodies.get(name);
            Pages.protect(res);
            if (body == null) {
                res.status(Status.NOT_FOUND_404);
                res.send();
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name));
            res.header(HeaderNames.CACHE_CONTROL, "max-age=300");
            res.send(body);
        });
    }

    private static byte[] load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's asset " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
