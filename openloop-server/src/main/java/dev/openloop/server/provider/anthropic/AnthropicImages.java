package dev.openloop.server.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.server.json.Json;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * v4 image parts as Anthropic image blocks. A base64 {@code data:} URL becomes a
 * {@code {"type":"base64","media_type":...,"data":...}} source, an http(s) URL a
 * {@code {"type":"url","url":...}} source that Anthropic fetches itself.
 *
 * <p>v4's {@code detail} has no counterpart: Anthropic always looks at an image at its full
 * resolution (scaled down only past its own size limit). {@code auto} and {@code high} ask for
 * nothing else and are honoured; {@code low}, a cheaper look, cannot be and is refused.
 */
final class AnthropicImages {
    /** The image formats the Messages API reads. */
    static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]*)((?:;[^;,]*)*),(.*)", Pattern.DOTALL);

    private AnthropicImages() {
    }

    /**
     * Why Anthropic cannot read an image.
     *
     * @param what what is refused, as the refusal names it
     * @param why what Anthropic can do instead
     * @param field the refused field of the part's {@code image_url}
     */
    record Problem(String what, String why, String field) {
    }

    /** Why Anthropic cannot read {@code image}, or {@code null} when it can. */
    static Problem problem(ContentPart.ImagePart image) {
        if (image.imageUrl().detail() == ContentPart.ImageDetail.LOW) {
            return new Problem("image detail 'low'",
                    "Anthropic always reads images at full resolution; leave detail out or use auto or high", "detail");
        }
        String url = image.imageUrl().url();
        if (isHttp(url)) {
            return null;
        }
        Matcher data = DATA_URL.matcher(url);
        if (!data.matches()) {
            return urlProblem("Anthropic reads images from http(s) URLs and base64 data: URLs");
        }
        if (!data.group(2).toLowerCase(Locale.ROOT).contains(";base64")) {
            return urlProblem("Anthropic reads data: URLs in base64 only");
        }
        String mediaType = data.group(1).toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(mediaType)) {
            return urlProblem("Anthropic reads image/jpeg, image/png, image/gif and image/webp, this image is "
                    + (mediaType.isEmpty() ? "of no stated type" : mediaType));
        }
        return null;
    }

    private static Problem urlProblem(String why) {
        return new Problem("this image URL", why, "url");
    }

    /** The image block for {@code image}, which {@link #problem} found readable. */
    static ObjectNode block(ContentPart.ImagePart image) {
        ObjectNode block = Json.MAPPER.createObjectNode();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        String url = image.imageUrl().url();
        if (isHttp(url)) {
            source.put("type", "url");
            source.put("url", url);
            return block;
        }
        Matcher data = DATA_URL.matcher(url);
        if (!data.matches()) {
            throw new IllegalArgumentException("unreadable images are refused by AnthropicSupport");
        }
        source.put("type", "base64");
        source.put("media_type", data.group(1).toLowerCase(Locale.ROOT));
        source.put("data", data.group(3));
        return block;
    }

    private static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }
}
