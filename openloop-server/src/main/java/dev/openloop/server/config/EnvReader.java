package dev.openloop.server.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Reads typed values from environment variables, failing clearly on a malformed one. */
public final class EnvReader {
    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The variable's value, or {@code fallback} when unset or blank. */
    /** The variables whose names start with {@code prefix}, e.g. the standard {@code OTEL_*} ones. */
    public Map<String, String> startingWith(String prefix) {
        Map<String, String> found = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null) {
                found.put(name, value);
            }
        });
        return found;
    }

    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The variable as an integer. */
    public int integer(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'");
        }
    }

    /** The variable as milliseconds. */
    public Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, not '" + value + "'");
        }
    }
}
