package dev.openloop.server.chat;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.session.Session;
import dev.openloop.server.session.SessionStore;
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
    private final ProjectStore projects;
    private final SessionStore sessions;
    private final LogStore logs;
    private final ModelConfigStore configs;
    private final ProviderRegistry providers;
    private final Map<ChatEndpoint, ConfigSource> configSources;

    ChatPlanner(ProjectStore projects, SessionStore sessions, LogStore logs, ModelConfigStore configs,
            ProviderRegistry providers, Map<ChatEndpoint, ConfigSource> configSources) {
        this.projects = projects;
        this.sessions = sessions;
        this.logs = logs;
        this.configs = configs;
        this.providers = providers;
        this.configSources = Map.copyOf(configSources);
    }

    ChatPlan plan(ChatEndpoint endpoint, ChatRequest request) {
        Project project = resolveProject(request);
        int numSamples = request.numSamples() == null ? 1 : request.numSamples();
        List<ResolvedConfig> sampleConfigs = configSources.get(endpoint).resolve(request, project, numSamples);
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
        Session session = resolveSession(request);
        String parentId = resolveParent(request);

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

    private Project resolveProject(ChatRequest request) {
        if (request.projectId() != null) {
            Project project = projects.get(request.projectId());
            if (request.project() != null && !request.project().equals(project.name())) {
                throw ApiException.validation(body("project"), "project '" + request.project()
                        + "' is not the name of project_id " + request.projectId(), "value_error");
            }
            return project;
        }
        if (request.project() != null) {
            if (request.project().isBlank()) {
                throw ApiException.validation(body("project"), "ensure this value is not blank", "value_error.any_str.min_length");
            }
            return projects.findOrCreateByName(request.project());
        }
        return null;
    }

    private Session resolveSession(ChatRequest request) {
        if (request.sessionId() != null) {
            return sessions.get(request.sessionId());
        }
        if (request.sessionReferenceId() != null) {
            return sessions.findOrCreateByReference(request.sessionReferenceId());
        }
        return null;
    }

    private String resolveParent(ChatRequest request) {
        if (request.parentId() != null) {
            return logs.findId(request.parentId())
                    .orElseThrow(() -> ApiException.notFound("Parent log " + request.parentId() + " not found"));
        }
        if (request.parentReferenceId() != null) {
            return logs.findIdByReference(request.parentReferenceId())
                    .orElseThrow(() -> ApiException.notFound("No log has reference_id " + request.parentReferenceId()));
        }
        return null;
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
