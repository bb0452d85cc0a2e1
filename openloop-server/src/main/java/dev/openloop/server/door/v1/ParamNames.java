package dev.openloop.server.door.v1;

import java.util.List;
import java.util.Map;

/**
 * Names a place in the request the way OpenAI's {@code param} does ({@code messages[0].content}),
 * from where the chat flow found a problem: the core speaks of its own fields, which the door
 * took from the body's fields, the {@code model} or an {@code OpenLoop-*} header.
 */
final class ParamNames {
    static final String PROJECT_HEADER = "OpenLoop-Project";
    static final String SESSION_HEADER = "OpenLoop-Session-Reference-Id";
    static final String PARENT_HEADER = "OpenLoop-Parent-Id";
    static final String METADATA_HEADER = "OpenLoop-Metadata";
    static final String SAVE_HEADER = "OpenLoop-Save";

    /** The core's names whose v1 name differs; the rest keep theirs. */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("num_samples", "n"),
            Map.entry("model_config_id", "model"),
            Map.entry("environment", "model"),
            Map.entry("experiment_id", "model"),
            Map.entry("provider", "model"),
            Map.entry("project", PROJECT_HEADER),
            Map.entry("project_id", PROJECT_HEADER),
            Map.entry("session_reference_id", SESSION_HEADER),
            Map.entry("parent_id", PARENT_HEADER),
            Map.entry("parent_reference_id", PARENT_HEADER),
            Map.entry("save", SAVE_HEADER),
            Map.entry("tool_call", "tool_choice"),
            Map.entry("keys", "model"));

    private ParamNames() {
    }

    /** The param of {@code loc} (e.g. {@code ["body", "model_config", "tools", 0, "name"]}); null for the body as a whole. */
    static String of(List<Object> loc) {
        List<Object> path = loc;
        if (!path.isEmpty() && "body".equals(path.getFirst())) {
            path = path.subList(1, path.size());
        }
        // The config is what the model addresses, and an inline config's fields are the request's own in /v1.
        if (!path.isEmpty() && ("config".equals(path.getFirst()) || "model_config".equals(path.getFirst()))) {
            if (path.size() == 1) {
                return "model";
            }
            path = path.subList(1, path.size());
        }
        // A JSON syntax error is placed by its position in the body, which is no param.
        if (path.isEmpty() || path.getFirst() instanceof Integer) {
            return null;
        }
        StringBuilder param = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            Object segment = path.get(i);
            if (segment instanceof Integer index) {
                param.append('[').append(index).append(']');
            } else {
                String name = String.valueOf(segment);
                if (i == 0) {
                    name = RENAMED.getOrDefault(name, name);
                }
                if (!param.isEmpty()) {
                    param.append('.');
                }
                param.append(name);
            }
        }
        return param.toString();
    }
}
