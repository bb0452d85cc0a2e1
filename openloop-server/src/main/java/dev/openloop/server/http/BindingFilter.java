package dev.openloop.server.http;

import dev.openloop.server.web.InputLimits;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What binding needs before any route runs: the node's {@link InputLimits}, put on the request
 * for {@link RequestBodies}, and a path and query whose text can be kept. A path id or a query
 * parameter is percent-decoded text: one that decodes to a NUL character, or to bytes that are no
 * UTF-8 (a decoder would put U+FFFD in their place), is refused with a 422 like a body's text,
 * {@code ["path"]} or {@code ["query", name]}, before a route looks anything up with it.
 */
public final class BindingFilter implements Filter {
    private final InputLimits limits;

    public BindingFilter(InputLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().register(limits);
        List<ValidationProblem> problems = new ArrayList<>();
        String path = req.path().rawPath();
        if (!keepable(path)) {
            problems.add(new ValidationProblem(List.of("path"), "the path"));
        }
        String query = req.query().rawValue();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decode(rawName);
                if (name == null) {
                    problems.add(new ValidationProblem(List.of("query"), "a query parameter's name"));
                } else if (!keepable(eq < 0 ? "" : pair.substring(eq + 1))) {
                    problems.add(new ValidationProblem(List.of("query", name), "the value"));
                }
            }
        }
        if (!problems.isEmpty()) {
            RequestBodies.Problems found = new RequestBodies.Problems(limits);
            for (ValidationProblem problem : problems) {
                found.add(problem.loc(), problem.what() + " decodes to a NUL character, a lone surrogate or bytes that are"
                        + " not UTF-8, which cannot be kept as sent", StoredText.NUL_TYPE);
            }
            // Thrown rather than written, so that each door answers it in its own shape.
            throw ApiException.validation(found.list());
        }
        chain.proceed();
    }

    private record ValidationProblem(List<Object> loc, String what) {
    }

    private static boolean keepable(String raw) {
        return decode(raw) != null;
    }

    /**
     * {@code raw} percent-decoded as strict UTF-8, or null when that fails or the text holds a NUL.
     * A {@code %} not followed by two hex digits stands for itself, and {@code +} is left alone:
     * both are the route's to read.
     */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return StoredText.check(raw) == null ? raw : null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int high = i + 2 < raw.length() && raw.charAt(i) == '%' ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                if (Character.getType(codePoint) == Character.SURROGATE) {
                    return null;
                }
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return StoredText.check(text) == null ? text : null;
    }
}
