package dev.openloop.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.server.json.Json;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/** How the v4 door sends JSON answers: every field written, straight onto the response. */
public final class JsonAnswers {
    /**
     * Writes answers with every field, null or not, as v4's FastAPI server did: the first v4 SDKs
     * read answers as plain maps, so an absent key is an error for them.
     */
    private static final ObjectMapper ANSWERS = Json.MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));

    private static final Header CONTENT_TYPE_JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");


    /** Sends {@code body} as JSON with {@code status}. */
    public static void send(ServerResponse res, int status, Object body) {
        res.status(status);
        res.header(CONTENT_TYPE_JSON);
        res.send(answerBytes(body));
    }

    /**
     * Sends {@code body} as JSON with {@code status}, serialized straight onto the response's
     * output stream: a large answer is never held whole as bytes or text as well.
     */
    public static void stream(ServerResponse res, int status, Object body) {
        stream(res, status, generator -> generator.writeObject(body));
    }

    /**
     * Sends the JSON {@code body} writes with a generator: an answer of up to {@link HeldAnswer#MAX_HELD}
     * bytes is sent whole, with its length; a longer one goes onto the response's output stream as
     * it is written.
     */
    public static void stream(ServerResponse res, int status, BodyWriter body) {
        res.status(status);
        res.header(CONTENT_TYPE_JSON);
        HeldAnswer out = new HeldAnswer(res);
        try {
            try (JsonGenerator generator = ANSWERS.createGenerator(out)) {
                body.write(generator);
            }
            out.send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an answer's JSON. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    /** {@code value} as the JSON of an answer, nulls included. */
    public static byte[] answerBytes(Object value) {
        try {
            return ANSWERS.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private JsonAnswers() {
    }
}
