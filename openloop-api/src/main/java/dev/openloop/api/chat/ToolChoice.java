package dev.openloop.api.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.Set;

/**
 * Whether and which tool the model must call: {@code "none"}, {@code "auto"}, {@code "required"},
 * or a named function.
 *
 * <p>Reads both spellings: {@code tool_choice}'s {@code {"type":"function","function":{"name":..}}}
 * and the deprecated {@code tool_call}'s {@code {"name":..}}. Writes the {@code tool_choice}
 * spelling; {@link LegacySerializer} writes the {@code tool_call} one.
 */
@JsonDeserialize(using = ToolChoice.Deserializer.class)
@JsonSerialize(using = ToolChoice.Serializer.class)
public sealed interface ToolChoice {

    /** The model must not call a tool. */
    Mode NONE = new Mode("none");
    /** The model decides. */
    Mode AUTO = new Mode("auto");
    /** The model must call some tool. */
    Mode REQUIRED = new Mode("required");

    /** The mode names accepted on the wire. */
    Set<String> MODES = Set.of("none", "auto", "required");

    /** The model must call the named function. */
    static ToolChoice function(String name) {
        return new Function(name);
    }

    /** One of {@code none}, {@code auto} or {@code required}. */
    record Mode(String value) implements ToolChoice {
    }

    /** A named function. */
    record Function(String name) implements ToolChoice {
    }

    /** Reads any accepted spelling. */
    final class Deserializer extends JsonDeserializer<ToolChoice> {
        @Override
        public ToolChoice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (MODES.contains(text)) {
                    return new Mode(text);
                }
                return (ToolChoice) ctxt.handleWeirdStringValue(ToolChoice.class, text,
                        "value is not a valid enumeration member; permitted: 'none', 'auto', 'required'");
            }
            if (token == JsonToken.START_OBJECT) {
                JsonNode node = ctxt.readTree(p);
                JsonNode function = node.get("function");
                if (node.path("type").asText("").equals("function") && function != null
                        && function.path("name").isTextual() && node.size() == 2) {
                    return new Function(function.get("name").asText());
                }
                if (node.path("name").isTextual() && node.size() == 1) {
                    return new Function(node.get("name").asText());
                }
                return (ToolChoice) ctxt.handleWeirdNativeValue(ctxt.constructType(ToolChoice.class), node, p);
            }
            return (ToolChoice) ctxt.handleUnexpectedToken(ToolChoice.class, p);
        }
    }

    /** Writes the {@code tool_choice} spelling. */
    final class Serializer extends JsonSerializer<ToolChoice> {
        @Override
        public void serialize(ToolChoice value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            switch (value) {
                case Mode mode -> gen.writeString(mode.value());
                case Function function -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "function");
                    gen.writeObjectFieldStart("function");
                    gen.writeStringField("name", function.name());
                    gen.writeEndObject();
                    gen.writeEndObject();
                }
            }
        }
    }

    /** Writes the deprecated {@code tool_call} spelling: a mode string or {@code {"name": ...}}. */
    final class LegacySerializer extends JsonSerializer<ToolChoice> {
        @Override
        public void serialize(ToolChoice value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            switch (value) {
                case Mode mode -> gen.writeString(mode.value());
                case Function function -> {
                    gen.writeStartObject();
                    gen.writeStringField("name", function.name());
                    gen.writeEndObject();
                }
            }
        }
    }
}
