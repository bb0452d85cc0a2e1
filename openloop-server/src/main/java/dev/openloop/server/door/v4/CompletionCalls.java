package dev.openloop.server.door.v4;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.completion.CompletionRequest;
import dev.openloop.server.chat.ChatEndpoint;
import dev.openloop.server.chat.Completion;
import java.util.List;

/** v4's completion request as the core's call: a chat without messages that asks for a completion. */
final class CompletionCalls {
    private CompletionCalls() {
    }

    static ChatEndpoint endpoint(CompletionEndpoint endpoint) {
        return switch (endpoint) {
            case COMPLETION -> ChatEndpoint.CHAT;
            case MODEL_CONFIG -> ChatEndpoint.MODEL_CONFIG;
            case EXPERIMENT -> ChatEndpoint.EXPERIMENT;
            case DEPLOYED -> ChatEndpoint.DEPLOYED;
        };
    }

    static Completion completion(CompletionRequest request) {
        return new Completion(request.logprobs(), request.suffix());
    }

    static ChatRequest of(CompletionRequest request) {
        return ChatRequest.builder()
                .messages(List.of())
                .project(request.project())
                .projectId(request.projectId())
                .sessionId(request.sessionId())
                .sessionReferenceId(request.sessionReferenceId())
                .parentId(request.parentId())
                .parentReferenceId(request.parentReferenceId())
                .inputs(request.inputs())
                .source(request.source())
                .metadata(request.metadata())
                .save(request.save())
                .sourceDatapointId(request.sourceDatapointId())
                .providerApiKeys(request.providerApiKeys())
                .numSamples(request.numSamples())
                .user(request.user())
                .seed(request.seed())
                .modelConfig(request.modelConfig() == null ? null : request.modelConfig().toModelConfig())
                .modelConfigId(request.modelConfigId())
                .experimentId(request.experimentId())
                .environment(request.environment())
                .build();
    }
}
