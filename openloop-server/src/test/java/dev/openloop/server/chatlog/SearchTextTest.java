package dev.openloop.server.chatlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The searched text is folded as a search term is ({@link SearchText#fold}), whichever way a value
 * is folded on its way in; and a log's text is the same whether its output came with the row or
 * was added when its stream ended.
 */
class SearchTextTest {
    /** ASCII with upper and lower case, digits, punctuation, controls and NUL; then letters whose case is not ASCII's. */
    private static final String ASCII = "AZaz09 @[`{~\t\n\r\u0001\u007f\0\"\\:MiXeD";
    private static final String OTHERS = "ßẞſςΣİıÅåĲ€😀Ω";

    private static List<String> values() {
        List<String> values = new ArrayList<>(List.of("", "A", "Z", "@", "[", "`", "{", "HELLO World", "\0", "a\0b",
                "Straße", "ΟΔΥΣΣΕΥΣ", "İstanbul", "x".repeat(SearchText.VALUE_CHARS + 5)));
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                value.append(random.nextInt(8) == 0
                        ? OTHERS.charAt(random.nextInt(OTHERS.length()))
                        : ASCII.charAt(random.nextInt(ASCII.length())));
            }
            values.add(value.toString());
        }
        return values;
    }

    @Test
    void asciiAppendedFoldedIsTheValueFoldedAndAnythingElseIsLeftToFold() {
        int ascii = 0;
        for (String value : values()) {
            StringBuilder text = new StringBuilder("before\n");

            boolean appended = SearchText.appendFoldedAscii(text, value);

            if (appended) {
                ascii++;
                assertThat(text.toString()).as(value).isEqualTo("before\n" + SearchText.fold(value));
            } else {
                assertThat(text.toString()).isEqualTo("before\n");
                assertThat(value.chars().anyMatch(c -> c >= 0x80 || c == 0)).as(value).isTrue();
            }
        }
        assertThat(ascii).isGreaterThan(100);
    }

    @Test
    void aLogsTextIsTheSameWithItsOutputOrWithItAddedLater() {
        List<String> values = values();
        for (int i = 0; i + 3 < values.size(); i += 4) {
            String inputs = "{\"a\":" + quoted(values.get(i)) + ",\"n\":1.5e3}";
            String metadata = "{\"m\":[" + quoted(values.get(i + 1)) + ",true]}";
            String messages = "[{\"role\":\"user\",\"content\":" + quoted(values.get(i + 2)) + "},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Ünï " + i + "\"}]}]";
            String output = values.get(i + 3);

            String whole = SearchText.of(inputs, metadata, messages, output);

            assertThat(whole).isEqualTo(SearchText.appended(SearchText.of(inputs, metadata, messages, null), output));
            assertThat(whole).contains(SearchText.fold("Ünï " + i));
        }
    }

    private static String quoted(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
