package dev.openloop.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The wire model's {@code toString()}: a value as the JSON it travels as, so that printing a
 * request or an answer shows what the API sees ({@code {"model":"gpt-4o","temperature":1.0}})
 * rather than Java's record notation. What is {@link ShownByName} (provider keys) is shown by
 * name only, never its values.
 */
public final class WireText {
    /** Shown in place of a provider key. */
    static final String HIDDEN = "<hidden>";

    private static final ObjectMapper MAPPER = WireJson.lenient()
            .registerModule(new SimpleModule("wire-text").addSerializer(ShownByName.class, new NamesOnly()));

    private WireText() {
    }

    /**
     * The value as compact JSON, provider keys hidden.
     *
     * @param value a record of the wire model, or any value Jackson can write
     * @return its JSON; the class name and the reason when it cannot be written (never an exception)
     */
    public static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            // toString() must not throw; say what the value is and why it has no JSON.
            return value.getClass().getSimpleName() + "[not writable as JSON: " + e.getMessage() + "]";
        }
    }

    /** Writes the names a value holds, each with {@link #HIDDEN} for its value. */
    private static final class NamesOnly extends JsonSerializer<ShownByName> {
        @Override
        public void serialize(ShownByName value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            for (String name : value.names()) {
                gen.writeStringField(name, HIDDEN);
            }
            gen.writeEndObject();
        }
    }
}
