package dev.openloop.server.door.v4;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.chat.ChatCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * v4's chat request as the core's {@link ChatCall}, once the request has passed
 * {@link ChatRequestValidator}: the endpoint decides where the config comes from, and v4's
 * deprecated {@code tool_call} is the tool choice when {@code tool_choice} is not given.
 */
final class ChatCalls {
    private ChatCalls() {
    }

    static ChatCall of(ChatEndpoint endpoint, ChatRequest request) {
        ChatCall.ConfigChoice config = switch (endpoint) {
            case CHAT -> new ChatCall.ConfigChoice.Inline(request.modelConfig());
            case MODEL_CONFIG -> new ChatCall.ConfigChoice.Registered(request.modelConfigId());
            case EXPERIMENT -> new ChatCall.ConfigChoice.Experiment(request.experimentId());
            case DEPLOYED -> new ChatCall.ConfigChoice.Deployed(request.environment());
        };
        return ChatCall.builder(config)
                .messages(request.messages())
                .placement(new ChatCall.Placement(request.project(), request.projectId(), request.sessionId(),
                        request.sessionReferenceId(), request.parentId(), request.parentReferenceId()))
                .inputs(request.inputs())
                .numSamples(request.numSamples() == null ? 1 : request.numSamples())
                .toolChoice(request.toolChoice() != null ? request.toolChoice() : request.toolCall())
                .responseFormat(request.responseFormat())
                .seed(request.seed())
                .user(request.user())
                .recording(new ChatCall.Recording(request.source(), request.metadata(),
                        request.save() == null || request.save(), request.sourceDatapointId()))
                .keys(request.providerApiKeys())
                .overrides(ChatCall.Overrides.NONE)
                .build();
    }

    /**
     * The core's paths as this request names its fields: the config is the endpoint's own field,
     * the tool choice is at {@code tool_call} when that is the field the request used, and the
     * provider keys are {@code provider_api_keys}; every other field has the core's name.
     */
    static UnaryOperator<List<Object>> wording(ChatEndpoint endpoint, ChatRequest request) {
        String toolChoice = request.toolChoice() == null && request.toolCall() != null ? "tool_call" : "tool_choice";
        return path -> {
            if (path.isEmpty()) {
                return path;
            }
            Object field = switch (String.valueOf(path.getFirst())) {
                case "config" -> endpoint.ownField();
                case "tool_choice" -> toolChoice;
                case "keys" -> "provider_api_keys";
                default -> path.getFirst();
            };
            List<Object> worded = new ArrayList<>(path);
            worded.set(0, field);
            return worded;
        };
    }
}
