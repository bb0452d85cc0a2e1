package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

/** One part of a message's content: text, or an image. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ContentPart.Unknown.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContentPart.TextPart.class, name = "text"),
    @JsonSubTypes.Type(value = ContentPart.ImagePart.class, name = "image_url")
})
public sealed interface ContentPart {

    /**
     * {@code {"type":"text","text":...}}
     *
     * @param text the text
     */
    record TextPart(String text) implements ContentPart {
    }

    /**
     * {@code {"type":"image_url","image_url":{"url":...,"detail":...}}}
     *
     * @param imageUrl where the image is and how closely to look at it
     */
    record ImagePart(@JsonProperty("image_url") ImageUrl imageUrl) implements ContentPart {
    }

    /**
     * A part whose {@code type} is missing or unknown; kept so that a reader can report it with
     * its position instead of failing on the first one.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Unknown() implements ContentPart {
    }

    /**
     * Where an image is and how closely to look at it.
     *
     * @param url an http(s) URL or a {@code data:} URL with base64 image data
     * @param detail {@code high}, {@code low} or {@code auto}
     */
    record ImageUrl(String url, ImageDetail detail) {
    }

    /** How closely a model should look at an image. */
    enum ImageDetail {
        /** {@code high} on the wire. */
        HIGH("high"),
        /** {@code low} on the wire. */
        LOW("low"),
        /** {@code auto} on the wire. */
        AUTO("auto");

        private final String wire;

        ImageDetail(String wire) {
            this.wire = wire;
        }

        /**
         * The name on the wire.
         *
         * @return the name on the wire
         */
        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
