package dev.openloop.server.modelconfig;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.InputLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a config and of messages that their types alone do not make: required fields,
 * ranges, and the shape of tool calls. Shared by every endpoint that takes them.
 *
 * <p>They also run on a body that binding already found problems in, so they expect what binding
 * leaves in a refused value's place: {@code null}, in lists too. Binding reported it; they skip it.
 */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    /** Checks a config given in a request body, at {@code loc}. */
    public static void checkConfig(ModelConfigRequest config, List<Object> loc, RequestBodies.Problems problems) {
        if (config.model() == null) {
            problems.missing(at(loc, "model"));
        }
        if (config.maxTokens() != null && (config.maxTokens() < -1 || config.maxTokens() == 0)) {
            problems.add(at(loc, "max_tokens"), "ensure this value is -1 (as many as fit) or at least 1",
                    "value_error.number.not_ge");
        }
        rangeDouble(config.temperature(), 0, 2, at(loc, "temperature"), problems);
        rangeDouble(config.topP(), 0, 1, at(loc, "top_p"), problems);
        rangeDouble(config.presencePenalty(), -2, 2, at(loc, "presence_penalty"), problems);
        rangeDouble(config.frequencyPenalty(), -2, 2, at(loc, "frequency_penalty"), problems);
        if (config.chatTemplate() != null) {
            checkMessages(config.chatTemplate(), at(loc, "chat_template"), problems);
        }
        if (config.tools() != null
                && LimitChecks.items(config.tools(), problems.limits().maxTools(), "OPENLOOP_MAX_TOOLS", at(loc, "tools"), problems)) {
            for (int i = 0; i < config.tools().size(); i++) {
                ToolDefinition tool = config.tools().get(i);
                List<Object> toolLoc = at(loc, "tools", i);
                if (tool != null) {
                    LimitChecks.jsonBytes(tool.parameters(), InputLimits.MAX_TOOL_SCHEMA_BYTES, null, at(toolLoc, "parameters"),
                            problems);
                }
                if (tool != null && tool.name() == null) {
                    problems.add(at(toolLoc, "name"), tool.isLinked()
                            ? "field required: organization tools are not stored in OpenLoop, so a linked tool needs its name and parameters"
                            : "field required", "value_error.missing");
                }
            }
        }
    }

    /** Checks the sizes of a chat's or log's {@code metadata} and {@code inputs}, found under {@code loc}. */
    public static void checkMetadataAndInputs(Object metadata, Object inputs, List<Object> loc, RequestBodies.Problems problems) {
        LimitChecks.jsonBytes(metadata, problems.limits().maxMetadataBytes(), "OPENLOOP_MAX_METADATA_BYTES", at(loc, "metadata"),
                problems);
        LimitChecks.jsonBytes(inputs, problems.limits().maxInputsBytes(), "OPENLOOP_MAX_INPUTS_BYTES", at(loc, "inputs"), problems);
    }

    /** Checks messages given in a request body, at {@code loc}. */
    public static void checkMessages(List<ChatMessage> messages, List<Object> loc, RequestBodies.Problems problems) {
        if (!LimitChecks.items(messages, problems.limits().maxMessages(), "OPENLOOP_MAX_MESSAGES", loc, problems)) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            List<Object> messageLoc = at(loc, i);
            if (message == null) {
                continue;
            }
            if (message.role() == null) {
                problems.missing(at(messageLoc, "role"));
            }
            if (message.content() instanceof MessageContent.Parts parts) {
                checkParts(parts.parts(), at(messageLoc, "content"), problems);
            }
            if (message.toolCalls() != null) {
                for (int j = 0; j < message.toolCalls().size(); j++) {
                    checkToolCall(message.toolCalls().get(j), at(messageLoc, "tool_calls", j), problems);
                }
            }
            if (message.toolCall() != null && message.toolCall().name() == null) {
                problems.missing(at(messageLoc, "tool_call", "name"));
            }
        }
    }

    private static void checkParts(List<ContentPart> parts, List<Object> loc, RequestBodies.Problems problems) {
        if (!LimitChecks.items(parts, InputLimits.MAX_CONTENT_PARTS, null, loc, problems)) {
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case null -> { }
                case ContentPart.Unknown unknown -> problems.add(at(loc, i, "type"),
                        "value is not a valid enumeration member; permitted: 'text', 'image_url'", "type_error.enum");
                case ContentPart.TextPart text -> {
                    if (text.text() == null) {
                        problems.missing(at(loc, i, "text"));
                    }
                }
                case ContentPart.ImagePart image -> {
                    if (image.imageUrl() == null) {
                        problems.missing(at(loc, i, "image_url"));
                    } else if (image.imageUrl().url() == null) {
                        problems.missing(at(loc, i, "image_url", "url"));
                    }
                }
            }
        }
    }

    private static void checkToolCall(ToolCall call, List<Object> loc, RequestBodies.Problems problems) {
        if (call == null) {
            return;
        }
        if (call.id() == null) {
            problems.missing(at(loc, "id"));
        }
        if (call.type() == null) {
            problems.missing(at(loc, "type"));
        } else if (!call.type().equals("function")) {
            problems.add(at(loc, "type"), "value is not a valid enumeration member; permitted: 'function'", "type_error.enum");
        }
        if (call.function() == null) {
            problems.missing(at(loc, "function"));
        } else if (call.function().name() == null) {
            problems.missing(at(loc, "function", "name"));
        }
    }

    private static void rangeDouble(Double value, double min, double max, List<Object> loc, RequestBodies.Problems problems) {
        if (value == null) {
            return;
        }
        if (value < min) {
            problems.add(loc, "ensure this value is greater than or equal to " + format(min), "value_error.number.not_ge");
        } else if (value > max) {
            problems.add(loc, "ensure this value is less than or equal to " + format(max), "value_error.number.not_le");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
