package dev.openloop.server.door.v4;

import dev.openloop.api.completion.CompletionRequest;
import dev.openloop.server.chat.ChatCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * v4's completion request as the core's {@link ChatCall}, once the request has passed
 * {@link CompletionRequestValidator}: a call with no messages that asks for a completion of the
 * config's prompt template, its config chosen as the endpoint says.
 */
final class CompletionCalls {
    private CompletionCalls() {
    }

    /**
     * The request's names of the core's paths, for a refusal's {@code loc}s: the config is the
     * endpoint's own field, the keys {@code provider_api_keys}.
     */
    static UnaryOperator<List<Object>> wording(CompletionEndpoint endpoint) {
        return path -> {
            if (path.isEmpty()) {
                return path;
            }
            Object field = switch (String.valueOf(path.getFirst())) {
                case "config" -> endpoint.ownField();
                case "keys" -> "provider_api_keys";
                default -> path.getFirst();
            };
            List<Object> worded = new ArrayList<>(path);
            worded.set(0, field);
            return worded;
        };
    }

    static ChatCall of(CompletionEndpoint endpoint, CompletionRequest request) {
        ChatCall.ConfigChoice config = switch (endpoint) {
            case COMPLETION -> new ChatCall.ConfigChoice.Inline(request.modelConfig().toModelConfig());
            case MODEL_CONFIG -> new ChatCall.ConfigChoice.Registered(request.modelConfigId());
            case EXPERIMENT -> new ChatCall.ConfigChoice.Experiment(request.experimentId());
            case DEPLOYED -> new ChatCall.ConfigChoice.Deployed(request.environment());
        };
        return ChatCall.builder(config)
                .completion(new ChatCall.Completion(request.logprobs(), request.suffix()))
                .placement(new ChatCall.Placement(request.project(), request.projectId(), request.sessionId(),
                        request.sessionReferenceId(), request.parentId(), request.parentReferenceId()))
                .inputs(request.inputs())
                .numSamples(request.numSamples() == null ? 1 : request.numSamples())
                .seed(request.seed())
                .user(request.user())
                .recording(new ChatCall.Recording(request.source(), request.metadata(),
                        request.save() == null || request.save(), request.sourceDatapointId()))
                .keys(request.providerApiKeys())
                .build();
    }
}
