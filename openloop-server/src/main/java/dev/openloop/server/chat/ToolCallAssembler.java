package dev.openloop.server.chat;

import dev.openloop.api.chat.ToolCall;
import dev.openloop.server.provider.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Puts the pieces of a sample's streamed tool calls back together. */
final class ToolCallAssembler {
    private final Map<Integer, Builder> calls = new TreeMap<>();

    private static final class Builder {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    void add(StreamEvent.ToolCallDelta delta) {
        Builder call = calls.computeIfAbsent(delta.position(), position -> new Builder());
        if (delta.id() != null) {
            call.id = delta.id();
        }
        if (delta.name() != null) {
            call.name = delta.name();
        }
        if (delta.arguments() != null) {
            call.arguments.append(delta.arguments());
        }
    }

    /** The calls so far, in order. */
    List<ToolCall> calls() {
        List<ToolCall> result = new ArrayList<>(calls.size());
        for (Map.Entry<Integer, Builder> entry : calls.entrySet()) {
            Builder call = entry.getValue();
            String id = call.id != null ? call.id : "call_" + entry.getKey();
            result.add(ToolCall.function(id, call.name == null ? "" : call.name, call.arguments.toString()));
        }
        return List.copyOf(result);
    }
}
