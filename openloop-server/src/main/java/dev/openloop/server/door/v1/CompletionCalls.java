package dev.openloop.server.door.v1;

import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.json.Json;
import dev.openloop.server.modelconfig.ConfigChecks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code /v1} call as the core's {@link ChatCall}: the {@code model} picks where the config
 * comes from, the {@code OpenLoop-*} headers where the logs go, and the call's sampling
 * parameters are the inline config's own or, for a registered or deployed config, overrides of it
 * for the provider call only. The checks every chat door makes (messages, ranges, the node's
 * limits) are made here first, with OpenAI's names for the fields.
 */
final class CompletionCalls {
    /** The project of a {@code <provider>/<model>} call's logs when no {@code OpenLoop-Project} header names one. */
    static final String DEFAULT_PROJECT = "default";
    /** Every log of a {@code /v1} call says where it came from. */
    static final String SOURCE = "v1";

    private CompletionCalls() {
    }

    /** {@code request} to {@code address} with {@code headers}, checked under {@code limits}; {@code bodyBytes} is the body's size. */
    static ChatCall of(CompletionRequest request, ModelAddress address, CallHeaders headers, InputLimits limits, int bodyBytes) {
        String project = headers.project();
        ChatCall.ConfigChoice config;
        ChatCall.Overrides overrides = ChatCall.Overrides.NONE;
        switch (address) {
            case ModelAddress.Inline inline -> {
                config = new ChatCall.ConfigChoice.Inline(inlineConfig(request, inline));
                project = project == null ? DEFAULT_PROJECT : project;
            }
            case ModelAddress.Registered registered -> {
                refuseWhatOnlyAnInlineConfigTakes(request);
                config = new ChatCall.ConfigChoice.Registered(registered.configId());
                overrides = overrides(request);
            }
            case ModelAddress.Deployed deployed -> {
                refuseWhatOnlyAnInlineConfigTakes(request);
                if (project != null && !project.equals(deployed.project())) {
                    throw V1Exception.invalid(ParamNames.PROJECT_HEADER, "the model names the project '" + deployed.project()
                            + "', the " + ParamNames.PROJECT_HEADER + " header another; leave the header out");
                }
                config = new ChatCall.ConfigChoice.Deployed(deployed.environment());
                project = deployed.project();
                overrides = overrides(request);
            }
        }
        Map<String, Object> metadata = metadata(request, headers);
        check(request, config, project, headers, metadata, limits, bodyBytes);
        return ChatCall.builder(config)
                .messages(request.messages())
                .placement(new ChatCall.Placement(project, null, null, headers.sessionReferenceId(), headers.parentId(), null))
                .numSamples(request.n() == null ? 1 : request.n())
                .toolChoice(request.toolChoice())
                .responseFormat(request.responseFormat() instanceof CompletionRequest.Format.JsonObject
                        ? ResponseFormat.jsonObject() : null)
                .seed(config instanceof ChatCall.ConfigChoice.Inline ? null : request.seed())
                .user(request.user())
                .recording(new ChatCall.Recording(SOURCE, metadata, !Boolean.FALSE.equals(headers.save()), null))
                .overrides(overrides)
                .fallbacks(request.fallbacks())
                .build();
    }

    /**
     * The checks every chat door makes before the core sees a call, with OpenAI's names: the
     * messages, the inline config or the overrides, the sizes of metadata and names, and the
     * samples, whose logs each keep a copy of the request.
     */
    private static void check(CompletionRequest request, ChatCall.ConfigChoice config, String project, CallHeaders headers,
            Map<String, Object> metadata, InputLimits limits, int bodyBytes) {
        RequestBodies.Problems problems = new RequestBodies.Problems(limits);
        ConfigChecks.checkMessages(request.messages(), List.of("messages"), problems);
        if (config instanceof ChatCall.ConfigChoice.Inline inline) {
            ConfigChecks.checkConfig(inline.config(), List.of(), problems);
        } else {
            // The same ranges and tool checks as an inline config's; the model is the addressed config's, so any text stands for it here.
            ConfigChecks.checkConfig(ModelConfigRequest.builder().model("addressed")
                    .temperature(request.temperature()).topP(request.topP()).maxTokens(request.maxTokens())
                    .presencePenalty(request.presencePenalty()).frequencyPenalty(request.frequencyPenalty())
                    .tools(request.tools()).build(),
                    List.of(), problems);
        }
        ConfigChecks.checkMetadataAndInputs(metadata, null, List.of(), problems);
        LimitChecks.name(project, List.of(ParamNames.PROJECT_HEADER), problems);
        LimitChecks.name(headers.sessionReferenceId(), List.of(ParamNames.SESSION_HEADER), problems);
        int samples = request.n() == null ? 1 : request.n();
        if (samples < 1) {
            problems.add(List.of("n"), "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        } else if (samples > InputLimits.MAX_SAMPLES) {
            problems.add(List.of("n"), "ensure this value is less than or equal to " + InputLimits.MAX_SAMPLES,
                    "value_error.number.not_le");
        } else if ((long) samples * bodyBytes > limits.maxSampledBytes()) {
            problems.add(List.of("n"), "ensure n × the body's size is at most " + limits.maxSampledBytes()
                    + " bytes (OPENLOOP_MAX_SAMPLED_BYTES): " + samples + " × " + bodyBytes + " bytes; each choice's log"
                    + " keeps a copy of the request", LimitChecks.TOO_LARGE_TYPE);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
    }

    private static ModelConfigRequest inlineConfig(CompletionRequest request, ModelAddress.Inline inline) {
        Map<String, Object> other = responseFormat(request);
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
     * The call's sampling parameters over a registered or deployed config's, each only when
     * given: the config logged and credited stays the one resolved, so an experiment's draws are
     * judged as drawn.
     */
    private static ChatCall.Overrides overrides(CompletionRequest request) {
        Map<String, Object> other = responseFormat(request);
        return new ChatCall.Overrides(request.temperature(), request.topP(), request.maxTokens(), request.stop(),
                request.presencePenalty(), request.frequencyPenalty(), request.tools(), other.isEmpty() ? null : other);
    }

    /** A {@code json_schema} response format, as the config's {@code other} gives it to the providers that take one. */
    private static Map<String, Object> responseFormat(CompletionRequest request) {
        Map<String, Object> other = new LinkedHashMap<>();
        if (request.responseFormat() instanceof CompletionRequest.Format.JsonSchema schema) {
            other.put("response_format", Json.MAPPER.convertValue(schema.responseFormat(), Object.class));
        }
        return other;
    }

    /**
     * {@code parallel_tool_calls: false} is sent only to the providers that have such a setting,
     * which the door knows before the call only when the model names the provider.
     */
    private static void refuseWhatOnlyAnInlineConfigTakes(CompletionRequest request) {
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw V1Exception.invalid("parallel_tool_calls", "parallel_tool_calls: false is served with a"
                    + " <provider>/<model> model only", "unsupported_parameter");
        }
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
