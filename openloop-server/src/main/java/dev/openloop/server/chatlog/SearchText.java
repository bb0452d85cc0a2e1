package dev.openloop.server.chatlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /logs?search=} looks through for one log: the values of its inputs and
 * metadata, the text of its messages and its output, each case-folded, one a line. Keys and JSON
 * punctuation are not in it, so a search for {@code :} or a key name finds only values holding
 * it. Each value counts with its first {@link #VALUE_CHARS} characters, which bounds the index
 * a huge text adds.
 */
public final class SearchText {
    /** How much of each value is searched. */
    public static final int VALUE_CHARS = 32_768;

    private SearchText() {
    }

    /**
     * The searched text of a log from its stored columns (JSON as stored; any may be null).
     * The output comes last, so a stream's output can be added when it ends ({@link #appended}).
     */
    public static String of(String inputs, String metadata, String messages, String output) {
        List<String> values = new ArrayList<>();
        scalars(Json.tree(inputs), values);
        scalars(Json.tree(metadata), values);
        JsonNode messageList = Json.tree(messages);
        if (messageList != null) {
            for (JsonNode message : messageList) {
                JsonNode content = message.get("content");
                if (content != null && content.isTextual()) {
                    values.add(content.textValue());
                } else if (content != null && content.isArray()) {
                    for (JsonNode part : content) {
                        JsonNode text = part.get("text");
                        if (text != null && text.isTextual()) {
                            values.add(text.textValue());
                        }
                    }
                }
            }
        }
        // One builder for the whole text, the output included: it is written once per log.
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            add(text, value);
        }
        if (output != null) {
            add(text, output);
        }
        return text.toString();
    }

    /** {@code text} with {@code output} added as {@link #of} adds it. */
    public static String appended(String text, String output) {
        if (output == null || output.isEmpty()) {
            return text;
        }
        StringBuilder result = new StringBuilder(text);
        add(result, output);
        return result.toString();
    }

    /**
     * A term as it is looked for: case-folded the way the searched text is. Upper-casing first
     * and lower-casing after maps the forms a letter has to one (ß and SS to ss, ſ and S to s);
     * a final sigma is a sigma. NUL, which PostgreSQL's text cannot hold, is a space on both sides.
     */
    public static String fold(String value) {
        return value.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).replace('ς', 'σ').replace('\0', ' ');
    }

    private static void add(StringBuilder text, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append('\n');
        }
        String cut = cut(value);
        if (!appendFoldedAscii(text, cut)) {
            text.append(fold(cut));
        }
    }

    /**
     * Appends {@code value} folded when it is all ASCII without NUL, where folding is lower-casing
     * A to Z: most values are, and this spares the three strings {@link #fold} makes of each.
     * Returns false, having appended nothing, for any other value.
     */
    static boolean appendFoldedAscii(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || c == '\0') {
                return false;
            }
        }
        text.ensureCapacity(text.length() + value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            text.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return true;
    }

    private static String cut(String value) {
        if (value.length() <= VALUE_CHARS) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(VALUE_CHARS - 1)) ? VALUE_CHARS - 1 : VALUE_CHARS;
        return value.substring(0, end);
    }

    /** Every string, number and boolean in {@code node}, keys left out. */
    private static void scalars(JsonNode node, List<String> values) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isContainerNode()) {
            node.forEach(child -> scalars(child, values));
        } else {
            values.add(node.asText());
        }
    }
}
