package dev.openloop.server.provider.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.server.json.Json;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * v4 image parts as Gemini {@code inlineData} parts ({@code {"mimeType", "data"}}, the image's
 * base64 bytes), read from base64 {@code data:} URLs.
 *
 * <p>An http(s) URL is refused: Gemini does not fetch images from the web, it reads them inline or
 * from files uploaded to its own Files API, and OpenLoop fetching them itself would make it a
 * client of any address a request names. v4's {@code detail} has no per-image counterpart
 * either: Gemini sets one media resolution for the whole request, so {@code low} and {@code high}
 * are refused; {@code auto} asks for nothing and is honoured.
 */
final class GoogleImages {
    /** The image formats the Gemini API reads. */
    static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]*)((?:;[^;,]*)*),(.*)", Pattern.DOTALL);

    private GoogleImages() {
    }

    /**
     * Why Gemini cannot read an image.
     *
     * @param what what is refused, as the refusal names it
     * @param why what Gemini can do instead
     * @param field the refused field of the part's {@code image_url}
     */
    record Problem(String what, String why, String field) {
    }

    /** Why Gemini cannot read {@code image}, or {@code null} when it can. */
    static Problem problem(ContentPart.ImagePart image) {
        ContentPart.ImageDetail detail = image.imageUrl().detail();
        if (detail == ContentPart.ImageDetail.LOW || detail == ContentPart.ImageDetail.HIGH) {
            return new Problem("image detail '" + detail.wire() + "'",
                    "Gemini sets one media resolution for the whole request; leave detail out or use auto, and set"
                            + " other.generationConfig.mediaResolution", "detail");
        }
        Matcher data = DATA_URL.matcher(image.imageUrl().url());
        if (!data.matches()) {
            return urlProblem("Gemini reads images sent inline only; pass the image as a base64 data: URL");
        }
        if (!data.group(2).toLowerCase(Locale.ROOT).contains(";base64")) {
            return urlProblem("Gemini reads data: URLs in base64 only");
        }
        String mediaType = data.group(1).toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(mediaType)) {
            return urlProblem("Gemini reads image/png, image/jpeg, image/webp, image/heic and image/heif, this image is "
                    + (mediaType.isEmpty() ? "of no stated type" : mediaType));
        }
        return null;
    }

    private static Problem urlProblem(String why) {
        return new Problem("this image URL", why, "url");
    }

    /** The {@code inlineData} part for {@code image}, which {@link #problem} found readable. */
    static ObjectNode part(ContentPart.ImagePart image) {
        Matcher data = DATA_URL.matcher(image.imageUrl().url());
        if (!data.matches()) {
            throw new IllegalArgumentException("unreadable images are refused by GoogleSupport");
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        ObjectNode inline = part.putObject("inlineData");
        inline.put("mimeType", data.group(1).toLowerCase(Locale.ROOT));
        inline.put("data", data.group(3));
        return part;
    }
}
