package dev.openloop.api.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.openloop.api.json.NestedProblem;
import dev.openloop.api.json.WireText;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether and which tool the model must call: {@code "none"}, {@code "auto"}, {@code "required"},
 * or a named function.
 *
 * <p>Reads both spellings: {@code tool_choice}'s {@code {"type":"function","function":{"name":..}}}
 * and the deprecated {@code tool_call}'s {@code {"name":..}}; {@link LegacyDeserializer} tells the
 * problems of a {@code tool_call} in its own spelling. Writes the {@code tool_choice} spelling;
 * {@link LegacySerializer} writes the {@code tool_call} one.
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

    /**
     * The model must call the named function.
     *
     * @param name the function's name, as in the config's tools
     * @return the choice
     */
    static ToolChoice function(String name) {
        return new Function(name);
    }

    /**
     * The choice a wire spelling names: {@code "none"}, {@code "auto"} or {@code "required"}.
     *
     * <pre>{@code
     * ToolChoice auto = ToolChoice.of("auto");            // ToolChoice.AUTO
     * }</pre>
     *
     * @param mode one of {@link #MODES}
     * @return the mode
     * @throws IllegalArgumentException for any other text: a function is named with {@link #function(String)}
     */
    static ToolChoice of(String mode) {
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException("A tool choice is \"none\", \"auto\" or \"required\", not "
                    + (mode == null ? "null" : "\"" + mode + "\"") + "; name a function with ToolChoice.function(name)");
        }
        return new Mode(mode);
    }

    /**
     * One of {@code none}, {@code auto} or {@code required}.
     *
     * @param value the mode as the wire spells it
     */
    record Mode(String value) implements ToolChoice {
        /** The mode as JSON, e.g. {@code "auto"}. */
        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    /**
     * A named function.
     *
     * @param name the function's name
     */
    record Function(String name) implements ToolChoice {
        /** As JSON: {@code {"type":"function","function":{"name":"..."}}}. */
        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    /**
     * Reads {@code tool_choice}: a mode, or {@code {"type":"function","function":{"name":..}}}. The
     * deprecated {@code {"name":..}} is read too. Unknown keys are ignored (v4 leaves the schema
     * open); a problem is reported where it is, e.g. at {@code ["body","tool_choice","function","name"]}.
     */
    final class Deserializer extends SpellingReader {
        /** The reader of {@code tool_choice}, as Jackson makes it. */
        public Deserializer() {
            super(false);
        }
    }

    /**
     * Reads the deprecated {@code tool_call}: a mode or {@code {"name":..}}; the {@code tool_choice}
     * object is read too. A missing name is reported in this field's own spelling.
     */
    final class LegacyDeserializer extends SpellingReader {
        /** The reader of {@code tool_call}, as Jackson makes it. */
        public LegacyDeserializer() {
            super(true);
        }
    }

    /** What both fields read; they differ only in the spelling a problem is told in. */
    abstract class SpellingReader extends JsonDeserializer<ToolChoice> {
        private final boolean legacy;

        SpellingReader(boolean legacy) {
            this.legacy = legacy;
        }

        private String accepted() {
            return "'none', 'auto', 'required', or an object "
                    + (legacy ? "{\"name\": ...}" : "{\"type\": \"function\", \"function\": {\"name\": ...}}");
        }

        @Override
        public ToolChoice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (MODES.contains(text)) {
                    return new Mode(text);
                }
                return (ToolChoice) ctxt.handleWeirdStringValue(ToolChoice.class, text,
                        "value is not a valid enumeration member; permitted: " + accepted());
            }
            if (token == JsonToken.START_OBJECT) {
                return readObject(p, ctxt);
            }
            p.skipChildren();
            return (ToolChoice) new NestedProblem(List.of(), "value is not a valid tool choice; permitted: " + accepted(),
                    "type_error").report(ctxt, p, ToolChoice.class);
        }

        private ToolChoice readObject(JsonParser p, DeserializationContext ctxt) throws IOException {
            boolean hasType = false;
            boolean typeIsFunction = false;
            boolean hasFunction = false;
            String functionName = null;
            boolean hasName = false;
            String name = null;
            for (JsonToken token = p.nextToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "type" -> {
                        hasType = true;
                        typeIsFunction = readType(p, ctxt);
                    }
                    case "function" -> {
                        hasFunction = true;
                        functionName = readFunction(p, ctxt);
                    }
                    case "name" -> {
                        hasName = true;
                        name = readString(p, ctxt);
                    }
                    // An open schema: other keys are ignored.
                    default -> p.skipChildren();
                }
            }
            // The parser stands on the object's closing brace: problems are placed inside it.
            boolean newSpelling = hasType || hasFunction || !hasName && !legacy;
            if (newSpelling) {
                if (!hasType) {
                    NestedProblem.missing("type").report(ctxt, p, ToolChoice.class);
                }
                if (!hasFunction) {
                    NestedProblem.missing("function").report(ctxt, p, ToolChoice.class);
                }
                return typeIsFunction && functionName != null ? new Function(functionName) : null;
            }
            if (!hasName) {
                NestedProblem.missing("name").report(ctxt, p, ToolChoice.class);
            }
            return name == null ? null : new Function(name);
        }

        /** Whether the {@code type} the parser stands on is {@code "function"}, the only type there is. */
        private static boolean readType(JsonParser p, DeserializationContext ctxt) throws IOException {
            String type = readString(p, ctxt);
            if (type == null || type.equals("function")) {
                return type != null;
            }
            ctxt.handleWeirdStringValue(ToolChoice.class, type, "value is not a valid enumeration member; permitted: 'function'");
            return false;
        }

        /** The name in the {@code function} object the parser stands on; null when it has none. */
        private static String readFunction(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                ctxt.handleUnexpectedToken(Map.class, p);
                return null;
            }
            boolean hasName = false;
            String name = null;
            for (JsonToken token = p.nextToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("name")) {
                    hasName = true;
                    name = readString(p, ctxt);
                } else {
                    p.skipChildren();
                }
            }
            if (!hasName) {
                NestedProblem.missing("name").report(ctxt, p, ToolChoice.class);
            }
            return name;
        }

        /** The string the parser stands on; {@code null}, refused, when it is anything else. */
        private static String readString(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                ctxt.handleUnexpectedToken(String.class, p);
                return null;
            }
            return ctxt.readValue(p, String.class);
        }
    }

    /** Writes the {@code tool_choice} spelling. */
    final class Serializer extends JsonSerializer<ToolChoice> {
        /** The writer, as Jackson makes it. */
        public Serializer() {
        }

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
        /** The writer, as Jackson makes it. */
        public LegacySerializer() {
        }

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
