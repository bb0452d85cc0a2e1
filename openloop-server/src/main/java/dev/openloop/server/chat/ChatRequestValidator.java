package dev.openloop.server.chat;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.http.RequestBodies;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a chat body that its types alone do not make: required fields, the one field that
 * belongs to each endpoint, ranges, and fields that exclude each other. Types, enums and unknown
 * fields were already checked while binding.
 */
final class ChatRequestValidator {
    /** The most samples one request may ask for. */
    static final int MAX_SAMPLES = 128;

    private ChatRequestValidator() {
    }

    static RequestBodies.Validation<ChatRequest> forEndpoint(ChatEndpoint endpoint) {
        return (request, problems) -> check(endpoint, request, problems);
    }

    private static void check(ChatEndpoint endpoint, ChatRequest request, RequestBodies.Problems problems) {
        if (request.messages() == null) {
            problems.missing(body("messages"));
        } else {
            checkMessages(request.messages(), body("messages"), problems);
        }
        checkOwnField(endpoint, ChatEndpoint.CHAT, request.modelConfig() != null, problems);
        checkOwnField(endpoint, ChatEndpoint.MODEL_CONFIG, request.modelConfigId() != null, problems);
        checkOwnField(endpoint, ChatEndpoint.EXPERIMENT, request.experimentId() != null, problems);
        if (endpoint != ChatEndpoint.DEPLOYED && request.environment() != null) {
            problems.extra(body("environment"));
        }
        if (endpoint == ChatEndpoint.CHAT && request.modelConfig() != null) {
            checkConfig(request.modelConfig(), body("model_config"), problems);
            if (request.modelConfig().promptTemplate() != null) {
                // A completion template: the chat schema has no such field.
                problems.extra(body("model_config", "prompt_template"));
            }
        }
        if (request.numSamples() != null) {
            range(request.numSamples(), 1, MAX_SAMPLES, body("num_samples"), problems);
        }
        if (request.sessionId() != null && request.sessionReferenceId() != null) {
            problems.add(body("session_reference_id"), "give session_id or session_reference_id, not both", "value_error");
        }
        if (request.parentId() != null && request.parentReferenceId() != null) {
            problems.add(body("parent_reference_id"), "give parent_id or parent_reference_id, not both", "value_error");
        }
        if (request.toolChoice() != null && request.toolCall() != null) {
            problems.add(body("tool_call"), "give tool_choice or the deprecated tool_call, not both", "value_error");
        }
    }

    private static void checkOwnField(ChatEndpoint endpoint, ChatEndpoint owner, boolean present, RequestBodies.Problems problems) {
        if (endpoint == owner && !present) {
            problems.missing(body(owner.ownField()));
        } else if (endpoint != owner && present) {
            problems.extra(body(owner.ownField()));
        }
    }

    /** Checks a config given in a request body, at {@code loc}. */
    static void checkConfig(ModelConfigRequest config, List<Object> loc, RequestBodies.Problems problems) {
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
        if (config.tools() != null) {
            for (int i = 0; i < config.tools().size(); i++) {
                ToolDefinition tool = config.tools().get(i);
                List<Object> toolLoc = at(loc, "tools", i);
                if (tool == null) {
                    problems.add(toolLoc, "none is not an allowed value", "type_error.none.not_allowed");
                } else if (tool.name() == null) {
                    problems.add(at(toolLoc, "name"), tool.isLinked()
                            ? "field required: organization tools are not stored in OpenLoop, so a linked tool needs its name and parameters"
                            : "field required", "value_error.missing");
                }
            }
        }
    }

    private static void checkMessages(List<ChatMessage> messages, List<Object> loc, RequestBodies.Problems problems) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            List<Object> messageLoc = at(loc, i);
            if (message == null) {
                problems.add(messageLoc, "none is not an allowed value", "type_error.none.not_allowed");
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
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case null -> problems.add(at(loc, i), "none is not an allowed value", "type_error.none.not_allowed");
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
            problems.add(loc, "none is not an allowed value", "type_error.none.not_allowed");
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

    private static void range(int value, int min, int max, List<Object> loc, RequestBodies.Problems problems) {
        if (value < min) {
            problems.add(loc, "ensure this value is greater than or equal to " + min, "value_error.number.not_ge");
        } else if (value > max) {
            problems.add(loc, "ensure this value is less than or equal to " + max, "value_error.number.not_le");
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

    static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
