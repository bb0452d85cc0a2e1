package dev.openloop.server.door.v1;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.chat.ChatEndpoint;
import dev.openloop.server.chat.ChatRequestValidator;
import dev.openloop.server.http.InputLimits;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code /v1} call in the terms the chat core takes today: the endpoint whose config source the
 * {@code model} picks, and the chat request, checked as the core checks every chat (its problems
 * come back with the core's field names, which {@link ParamNames} turns into OpenAI's).
 */
final class CoreBridge {
    /** The project of a {@code <provider>/<model>} call's logs when no {@code OpenLoop-Project} header names one. */
    static final String DEFAULT_PROJECT = "default";

    private CoreBridge() {
    }

    /** What the core is asked. */
    record CoreCall(ChatEndpoint endpoint, ChatRequest request) {
    }

    /** {@code request} to {@code address} with {@code headers}, checked under {@code limits}; {@code bodyBytes} is the body's size. */
    static CoreCall of(CompletionRequest request, ModelAddress address, CallHeaders headers, InputLimits limits, int bodyBytes) {
        ChatRequest.Builder chat = ChatRequest.builder()
                .messages(request.messages())
                .numSamples(request.n())
                .user(request.user())
                .toolChoice(request.toolChoice())
                .metadata(metadata(request, headers))
                .save(headers.save())
                .sessionReferenceId(headers.sessionReferenceId())
                .parentId(headers.parentId())
                .stream(request.stream())
                .source("v1");
        if (request.responseFormat() instanceof CompletionRequest.Format.JsonObject) {
            chat.responseFormat(ResponseFormat.jsonObject());
        }
        ChatEndpoint endpoint = switch (address) {
            case ModelAddress.Inline inline -> {
                chat.modelConfig(inlineConfig(request, inline)).project(headers.project() == null ? DEFAULT_PROJECT : headers.project());
                yield ChatEndpoint.CHAT;
            }
            case ModelAddress.Registered registered -> {
                refuseWhatOnlyAnInlineConfigTakes(request);
                chat.modelConfigId(registered.configId()).project(headers.project()).seed(request.seed());
                yield ChatEndpoint.MODEL_CONFIG;
            }
            case ModelAddress.Deployed deployed -> {
                refuseWhatOnlyAnInlineConfigTakes(request);
                if (headers.project() != null && !headers.project().equals(deployed.project())) {
                    throw V1Exception.invalid(ParamNames.PROJECT_HEADER, "the model names the project '" + deployed.project()
                            + "', the " + ParamNames.PROJECT_HEADER + " header another; leave the header out");
                }
                chat.project(deployed.project()).environment(deployed.environment()).seed(request.seed());
                yield ChatEndpoint.DEPLOYED;
            }
        };
        // Read back as the core reads a chat body, so that every check and limit of the core applies.
        ChatRequest built = RequestBodies.read(Json.bytes(chat.build()), ChatRequest.class, RequestBodies.Extras.REFUSE,
                ChatRequestValidator.forEndpoint(endpoint, bodyBytes), limits);
        return new CoreCall(endpoint, built);
    }

    private static ModelConfigRequest inlineConfig(CompletionRequest request, ModelAddress.Inline inline) {
        Map<String, Object> other = new LinkedHashMap<>();
        if (request.responseFormat() instanceof CompletionRequest.Format.JsonSchema schema) {
            other.put("response_format", Json.MAPPER.convertValue(schema.responseFormat(), Object.class));
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            if (inline.provider() != ModelProvider.OPENAI && inline.provider() != ModelProvider.OPENAI_AZURE
                    && inline.provider() != ModelProvider.MOCK) {
                throw V1Exception.invalid("parallel_tool_calls", "parallel_tool_calls: false is served by OpenAI's"
                        + " models only, not " + inline.provider().wire() + "'s", "unsupported_parameter");
            }
            // The mock makes one tool call at most, so it honours false as it is.
            if (inline.provider() != ModelProvider.MOCK) {
                other.put("parallel_tool_calls", false);
            }
        }
        return ModelConfigRequest.builder()
                .provider(inline.provider())
                .model(inline.model())
                .temperature(request.temperature())
                .topP(request.topP())
                .maxTokens(request.maxTokens())
                .stop(request.stop())
                .presencePenalty(request.presencePenalty())
                .frequencyPenalty(request.frequencyPenalty())
                .seed(request.seed())
                .tools(request.tools())
                .other(other.isEmpty() ? null : other)
                .build();
    }

    /**
     * A registered or deployed config brings its own tools and sampling; the core takes none of
     * these from the call yet, so they are refused rather than quietly not used.
     */
    private static void refuseWhatOnlyAnInlineConfigTakes(CompletionRequest request) {
        if (request.tools() != null) {
            throw V1Exception.invalid("tools", "tools come from the config the model addresses; to give tools with"
                    + " the call, address a provider's model as <provider>/<model>", "unsupported_parameter");
        }
        if (request.responseFormat() instanceof CompletionRequest.Format.JsonSchema) {
            throw V1Exception.invalid("response_format", "a json_schema response format is served with a"
                    + " <provider>/<model> model only", "unsupported_parameter");
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw V1Exception.invalid("parallel_tool_calls", "parallel_tool_calls: false is served with a"
                    + " <provider>/<model> model only", "unsupported_parameter");
        }
        if (request.overridesSampling()) {
            throw V1Exception.invalid(firstSamplingParam(request), "the config the model addresses sets its own"
                    + " sampling; to give it with the call, address a provider's model as <provider>/<model>",
                    "unsupported_parameter");
        }
    }

    private static String firstSamplingParam(CompletionRequest request) {
        if (request.temperature() != null) {
            return "temperature";
        }
        if (request.topP() != null) {
            return "top_p";
        }
        if (request.maxTokens() != null) {
            return "max_tokens";
        }
        if (request.stop() != null) {
            return "stop";
        }
        return request.presencePenalty() != null ? "presence_penalty" : "frequency_penalty";
    }

    private static Map<String, Object> metadata(CompletionRequest request, CallHeaders headers) {
        if (headers.metadata().isEmpty() && request.metadata() == null) {
            return null;
        }
        // The body's metadata is the call's own, so it wins over the header's on a shared key.
        Map<String, Object> metadata = new LinkedHashMap<>(headers.metadata());
        if (request.metadata() != null) {
            metadata.putAll(request.metadata());
        }
        return metadata;
    }
}
