package dev.openloop.server.door.console;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A submitted form ({@code application/x-www-form-urlencoded}), read whole up to a bound. */
public final class Form {
    /** Forms hold a few fields and a playground's prompt: more is refused rather than held. */
    static final int MAX_BYTES = 256 * 1024;

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** The form of {@code req}; 400 when it is too large, not a form, or not UTF-8. */
    public static Form read(ServerRequest req) {
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw ConsoleException.badRequest("Expected a form (application/x-www-form-urlencoded)");
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            // Helidon's reading of a chunked body fails this way on a chunk size it cannot parse.
            throw ConsoleException.badRequest("The form's chunked transfer coding is malformed");
        }
        if (body.length > MAX_BYTES) {
            throw ConsoleException.badRequest("The form is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static Form parse(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (!encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new Form(fields);
    }

    private static String decode(String raw) {
        try {
            String text = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (text.indexOf('\0') >= 0 || text.indexOf('\uFFFD') >= 0) {
                throw ConsoleException.badRequest("The form holds text that is not UTF-8");
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw ConsoleException.badRequest("The form is not well encoded");
        }
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.getFirst();
    }

    /** The first value of {@code name}, stripped; 400 naming {@code label} when it is missing or blank. */
    public String required(String name, String label) {
        String value = get(name);
        if (value == null || value.isBlank()) {
            throw ConsoleException.badRequest(label + " is required");
        }
        return value.strip();
    }

    /** Every value of {@code name}, in the order sent. */
    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }
}
