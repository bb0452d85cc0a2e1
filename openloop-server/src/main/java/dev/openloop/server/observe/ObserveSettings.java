package dev.openloop.server.observe;

import dev.openloop.server.config.EnvReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the node reports on itself: the format and levels of its log, where {@code /metrics} is served, and its traces.
 *
 * @param json one JSON object per log line instead of a line of text
 * @param rootLevel the level of every logger not named in {@code levels}
 * @param levels a level per logger (a package or a class), e.g. {@code io.helidon=warn}
 * @param metricsHost the address of the metrics listener
 * @param metricsPort the port of a metrics listener of its own, without API key; null serves
 *     {@code /metrics} on the main port, behind the API key
 * @param otel the standard {@code OTEL_*} variables, which turn traces on and configure them
 * @param traceContent whether spans may hold the messages sent and generated
 */
public record ObserveSettings(boolean json, String rootLevel, Map<String, String> levels, String metricsHost,
        Integer metricsPort, Map<String, String> otel, boolean traceContent) {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    public ObserveSettings {
        levels = Map.copyOf(levels);
        otel = Map.copyOf(otel);
    }

    /** Reads {@code OPENLOOP_LOG_*} and {@code OPENLOOP_METRICS_*}; {@code host} is the main listener's address. */
    public static ObserveSettings fromEnvironment(EnvReader read, String host) {
        String format = read.string("OPENLOOP_LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("OPENLOOP_LOG_FORMAT must be text or json, not '" + format + "'");
        }
        return new ObserveSettings(
                format.equals("json"),
                level("OPENLOOP_LOG_LEVEL", read.string("OPENLOOP_LOG_LEVEL", "info")),
                levels(read.string("OPENLOOP_LOG_LEVELS", "")),
                read.string("OPENLOOP_METRICS_HOST", host),
                read.string("OPENLOOP_METRICS_PORT", null) == null ? null : read.integer("OPENLOOP_METRICS_PORT", 0),
                read.startingWith("OTEL_"),
                Boolean.parseBoolean(read.string("OPENLOOP_TRACE_CONTENT", "false")));
    }

    /** {@code logger=level,...} as a map, each level checked. */
    static Map<String, String> levels(String text) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String logger = equals < 0 ? "" : entry.substring(0, equals).strip();
            if (logger.isEmpty()) {
                throw new IllegalArgumentException("OPENLOOP_LOG_LEVELS must be logger=level pairs separated by commas,"
                        + " e.g. dev.openloop=debug,io.helidon=warn; not '" + LogText.escape(entry.strip()) + "'");
            }
            levels.put(logger, level("OPENLOOP_LOG_LEVELS", entry.substring(equals + 1)));
        }
        return levels;
    }

    private static String level(String name, String value) {
        String level = value.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(name + ": a level must be one of trace, debug, info, warn, error, off; not '"
                    + LogText.escape(value) + "'");
        }
        return level;
    }
}
