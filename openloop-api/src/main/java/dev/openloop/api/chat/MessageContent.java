package dev.openloop.api.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.openloop.api.common.Unmodifiable;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** The content of a message: either a string or a list of text and image parts. */
@JsonDeserialize(using = MessageContent.Deserializer.class)
public sealed interface MessageContent {

    /**
     * The text of the content; image parts contribute nothing.
     *
     * @return the text, {@code ""} when there is none
     */
    String text();

    /**
     * Content given as a plain string.
     *
     * @param value the string
     */
    record Text(String value) implements MessageContent {
        @Override
        public String text() {
            return value;
        }
    }

    /**
     * Content given as a list of parts.
     *
     * @param parts text and image parts, in order
     */
    record Parts(List<ContentPart> parts) implements MessageContent {
        /** Keeps an unmodifiable copy of the parts, so that the content cannot change once made. */
        public Parts {
            parts = Unmodifiable.copyOf(parts);
        }

        @Override
        public String text() {
            return parts.stream()
                    .filter(ContentPart.TextPart.class::isInstance)
                    .map(part -> ((ContentPart.TextPart) part).text())
                    .collect(Collectors.joining());
        }

        /**
         * Whether any part is an image.
         *
         * @return whether any part is an image
         */
        public boolean hasImages() {
            return parts.stream().anyMatch(ContentPart.ImagePart.class::isInstance);
        }
    }

    /** Reads a string or an array of parts. */
    final class Deserializer extends JsonDeserializer<MessageContent> {
        /** The reader, as Jackson makes it. */
        public Deserializer() {
        }

        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return new Text(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                CollectionType type = ctxt.getTypeFactory().constructCollectionType(List.class, ContentPart.class);
                List<ContentPart> parts = ctxt.readValue(p, type);
                return new Parts(parts == null ? List.of() : parts);
            }
            return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, p);
        }
    }

    /** Writes a string or an array of parts. */
    final class Serializer extends JsonSerializer<MessageContent> {
        /** The writer, as Jackson makes it. */
        public Serializer() {
        }

        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            switch (value) {
                case Text text -> gen.writeString(text.value());
                case Parts parts -> {
                    gen.writeStartArray();
                    for (ContentPart part : parts.parts()) {
                        serializers.defaultSerializeValue(part, gen);
                    }
                    gen.writeEndArray();
                }
            }
        }
    }
}
