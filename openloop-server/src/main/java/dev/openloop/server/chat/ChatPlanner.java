package dev.openloop.server.chat;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.chatlog.LogPlacement;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.Project;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.session.Session;
import dev.openloop.server.store.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a validated chat request into a {@link ChatPlan}: its project, session and parent,
 * the config of every sample, the rendered prompt, and the provider calls that produce the
 * samples. Everything a caller could have got wrong is found here, before any provider is called.
 */
final class ChatPlanner {
    private final LogPlacement placement;
    private final ModelConfigStore configs;
    private final ProviderRegistry providers;
    private final Map<ChatEndpoint, ConfigSource> configSources;

    ChatPlanner(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            Map<ChatEndpoint, ConfigSource> configSources) {
        this.placement = placement;
        this.configs = configs;
        this.providers = providers;
        this.configSources = Map.copyOf(configSources);
    }

    ChatPlan plan(ChatEndpoint endpoint, ChatRequest request) {
        int numSamples = request.numSamples() == null ? 1 : request.numSamples();
        ConfigSource.SampleConfigs resolved = configSources.get(endpoint)
                .resolve(request, placement.project(request.projectId(), request.project(), body()), numSamples);
        Project project = resolved.project();
        List<ResolvedConfig> sampleConfigs = resolved.configs();
        Map<String, Object> inputs = request.inputs() == null ? Map.of() : request.inputs();
        ProviderApiKeys keys = request.providerApiKeys() == null ? ProviderApiKeys.NONE : request.providerApiKeys();

        RequestBodies.Problems problems = new RequestBodies.Problems();
        Map<String, List<ChatMessage>> promptByConfig = new HashMap<>();
        Map<String, Provider> providerByConfig = new HashMap<>();
        for (ResolvedConfig config : sampleConfigs) {
            String configId = config.stored().id();
            if (providerByConfig.containsKey(configId)) {
                continue;
            }
            List<Object> configLoc = endpoint == ChatEndpoint.CHAT ? body("model_config") : body(endpoint.ownField());
            ModelConfigRequest parameters = config.stored().config();
            if (!providers.supports(parameters.provider())) {
                problems.add(ChatRequestValidator.at(configLoc, "provider"), "provider '" + parameters.provider().wire()
                        + "' is not available in OpenLoop", "value_error.provider");
                continue;
            }
            Provider provider = providers.get(parameters.provider());
            providerByConfig.put(configId, provider);
            promptByConfig.put(configId, prompt(parameters, request, inputs, problems));
            checkToolChoice(parameters, request, problems);
            // With the whole prompt: a provider may be unable to read some of it, e.g. images.
            provider.checkSupported(providerRequest(parameters, request, promptByConfig.get(configId), 1, keys),
                    configLoc, problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
        if (project != null) {
            sampleConfigs.stream().map(c -> c.stored().id()).distinct().forEach(id -> configs.link(project.id(), id));
        }
        Session session = placement.session(request.sessionId(), request.sessionReferenceId());
        String parentId = placement.parent(request.parentId(), request.parentReferenceId());

        List<PlannedCall> calls = new ArrayList<>();
        int start = 0;
        while (start < numSamples) {
            ResolvedConfig config = sampleConfigs.get(start);
            Provider provider = providerByConfig.get(config.stored().id());
            int end = start + 1;
            while (provider.generatesSeveralSamples() && end < numSamples && config.sharesCallWith(sampleConfigs.get(end))) {
                end++;
            }
            List<Integer> samples = new ArrayList<>();
            List<String> logIds = new ArrayList<>();
            for (int i = start; i < end; i++) {
                samples.add(i);
                logIds.add(Ids.next("data_"));
            }
            List<ChatMessage> prompt = promptByConfig.get(config.stored().id());
            ProviderRequest providerRequest = providerRequest(config.stored().config(), request, prompt, samples.size(), keys);
            calls.add(new PlannedCall(provider, providerRequest, config, List.copyOf(samples), List.copyOf(logIds), prompt));
            start = end;
        }
        return new ChatPlan(request, project, session, parentId, inputs, List.copyOf(calls), numSamples);
    }

    /** The config's template, rendered, followed by the request's messages. */
    private static List<ChatMessage> prompt(ModelConfigRequest config, ChatRequest request, Map<String, Object> inputs,
            RequestBodies.Problems problems) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(config.chatTemplate(), inputs);
        for (String name : rendered.missing()) {
            problems.add(body("inputs", name), "field required: the chat template uses {{" + name + "}}",
                    "value_error.missing");
        }
        List<ChatMessage> prompt = new ArrayList<>(rendered.messages());
        prompt.addAll(request.messages());
        return List.copyOf(prompt);
    }

    private static void checkToolChoice(ModelConfigRequest config, ChatRequest request, RequestBodies.Problems problems) {
        ToolChoice choice = effectiveToolChoice(request);
        String field = request.toolChoice() != null ? "tool_choice" : "tool_call";
        Set<String> toolNames = new HashSet<>();
        if (config.tools() != null) {
            config.tools().stream().map(ToolDefinition::name).forEach(toolNames::add);
        }
        if (choice instanceof ToolChoice.Function function && !toolNames.contains(function.name())) {
            problems.add(body(field), "the config has no tool named '" + function.name() + "'", "value_error");
        } else if (ToolChoice.REQUIRED.equals(choice) && toolNames.isEmpty()) {
            problems.add(body(field), "'required' needs a config with tools", "value_error");
        }
    }

    static ToolChoice effectiveToolChoice(ChatRequest request) {
        return request.toolChoice() != null ? request.toolChoice() : request.toolCall();
    }

    private static ProviderRequest providerRequest(ModelConfigRequest config, ChatRequest request, List<ChatMessage> prompt,
            int samples, ProviderApiKeys keys) {
        ResponseFormat responseFormat = request.responseFormat() != null ? request.responseFormat() : config.responseFormat();
        Long seed = config.seed() != null ? config.seed() : request.seed();
        return new ProviderRequest(config, prompt, effectiveToolChoice(request), responseFormat, seed, request.user(),
                samples, keys);
    }
}
