package dev.openloop.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * What values a {@link Setting} takes. A value arrives as text (an environment variable, a flag)
 * or as a YAML node (the config file); either way it is checked here and turned into the text an
 * environment variable would hold, which is what {@code ServerConfig} reads.
 */
public sealed interface SettingType {

    /** Any text. */
    static SettingType text() {
        return new Text();
    }

    /** A whole number from {@code min} to {@code max}. */
    static SettingType integer(long min, long max) {
        return new Whole(min, max, "");
    }

    /** A number of milliseconds, zero or more. */
    static SettingType millis() {
        return new Whole(0, Long.MAX_VALUE, " of milliseconds");
    }

    /** One of {@code values}, in any case. */
    static SettingType oneOf(String... values) {
        return new Choice(List.of(values));
    }

    /** {@code true} or {@code false}. */
    static SettingType bool() {
        return new Choice(List.of("true", "false"));
    }

    /**
     * The value as an environment variable would hold it.
     *
     * @throws IllegalArgumentException saying what is expected, to follow the setting's name
     */
    String fromText(String text);

    /**
     * The value of a config file's node as an environment variable would hold it.
     *
     * @throws IllegalArgumentException saying what is expected, to follow the setting's key
     */
    String fromFile(JsonNode node);

    /** What a value must be, after "must be": for error messages. */
    String expected();

    /** A value's placeholder in the command line's help, e.g. {@code N}. */
    String label();

    /** Text as it is: the file's value must be a YAML string, so that a number is not silently read as text. */
    record Text() implements SettingType {
        @Override
        public String fromText(String text) {
            return text;
        }

        @Override
        public String fromFile(JsonNode node) {
            if (!node.isTextual()) {
                throw new IllegalArgumentException("must be " + expected() + ", not " + kind(node)
                        + (node.isValueNode() ? " (put it in quotes)" : ""));
            }
            return node.textValue().strip();
        }

        @Override
        public String expected() {
            return "text";
        }

        @Override
        public String label() {
            return "TEXT";
        }
    }

    /** A whole number in a range; never coerced from a string or a fraction in the file. */
    record Whole(long min, long max, String unit) implements SettingType {
        @Override
        public String fromText(String text) {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be " + expected() + ", not '" + text + "'");
            }
            return inRange(value, text);
        }

        @Override
        public String fromFile(JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw new IllegalArgumentException("must be " + expected() + ", not " + kind(node));
            }
            return inRange(node.longValue(), node.asText());
        }

        private String inRange(long value, String text) {
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be " + expected() + ", not " + text);
            }
            return Long.toString(value);
        }

        @Override
        public String label() {
            return unit.isEmpty() ? "N" : "MS";
        }

        @Override
        public String expected() {
            String number = unit.isEmpty() ? "an integer" : "a number" + unit;
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return number;
            }
            if (max == Long.MAX_VALUE) {
                return min == 0 ? number + ", zero or more" : number + " of at least " + min;
            }
            if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
                return number + " that fits in 32 bits";
            }
            return number + " from " + min + " to " + max;
        }
    }

    /** One of a few words, matched in any case and held in lower case. */
    record Choice(List<String> values) implements SettingType {
        @Override
        public String fromText(String text) {
            String word = text.toLowerCase(Locale.ROOT);
            if (!values.contains(word)) {
                throw new IllegalArgumentException("must be " + expected() + ", not '" + text + "'");
            }
            return word;
        }

        @Override
        public String fromFile(JsonNode node) {
            boolean word = node.isTextual() || node.isBoolean() && values.contains(node.asText());
            if (!word) {
                throw new IllegalArgumentException("must be " + expected() + ", not " + kind(node));
            }
            return fromText(node.asText());
        }

        @Override
        public String label() {
            return String.join("|", values);
        }

        @Override
        public String expected() {
            return values.size() == 2 ? values.get(0) + " or " + values.get(1) : "one of " + String.join(", ", values);
        }
    }

    /** How a node that is not the expected kind is named in an error. */
    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a section";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "the text '" + node.textValue() + "'";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText() + " (YAML reads yes, no, on and off as booleans: put the word in quotes)";
        }
        return node.isNumber() ? "the number " + node.asText() : node.asText();
    }
}
