package dev.openloop.api.log;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.openloop.api.config.ModelConfigRequest;
import java.io.IOException;

/**
 * Reads {@link LogRequest#config()}. v4 takes a {@code ModelConfigRequest} or a
 * {@code ToolConfigRequest} there, told apart by {@code type}; OpenLoop stores model configs only.
 * A tool config is refused with a message saying so, rather than with a complaint that it lacks a
 * {@code model}.
 *
 * <p>The config is bound as any other, straight from the request's parser (so every problem in it
 * keeps its exact location); the {@code type} is noted on the way past, and judged at the end.
 */
final class LogConfigReader extends JsonDeserializer<ModelConfigRequest> {
    static final String TOOL_REFUSED = "tool configs (type 'tool') are not supported: OpenLoop stores model configs only;"
            + " log this with a model config (type 'model', the default)";
    static final String UNKNOWN_TYPE = "value is not a valid enumeration member; permitted: 'model', 'tool'";

    @Override
    public ModelConfigRequest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return ctxt.readValue(p, ModelConfigRequest.class);
        }
        TypeWatcher watcher = new TypeWatcher(p);
        ModelConfigRequest config = ctxt.readValue(watcher, ModelConfigRequest.class);
        if (watcher.type != null && !watcher.type.equals("model")) {
            JsonMappingException refused = JsonMappingException.from(p, watcher.type.equals("tool") ? TOOL_REFUSED : UNKNOWN_TYPE);
            refused.prependPath(new JsonMappingException.Reference(null, "type"));
            throw refused;
        }
        return config;
    }

    /**
     * Passes the parser's tokens through, noting the value of the object's own {@code type} field.
     * (The parser's other ways of moving on, such as {@code nextFieldName}, go through these two.)
     */
    private static final class TypeWatcher extends JsonParserDelegate {
        private final JsonStreamContext object;
        private String type;

        TypeWatcher(JsonParser parser) {
            super(parser);
            // On the object's start token the parser already stands in the object's context.
            this.object = parser.getParsingContext();
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            note(token);
            return token;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = super.nextValue();
            note(token);
            return token;
        }

        private void note(JsonToken token) throws IOException {
            if (token != null && token.isScalarValue() && getParsingContext() == object && "type".equals(currentName())) {
                type = token == JsonToken.VALUE_NULL ? null : getText();
            }
        }
    }
}
