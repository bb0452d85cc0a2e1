package dev.openloop.server.chat;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.chatlog.LogPlacement;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.http.InputLimits;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.Project;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.TextCompletion;
import dev.openloop.server.session.Session;
import dev.openloop.server.store.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a validated chat request into a {@link ChatPlan}: its project, session and parent,
 * the config of every sample, the rendered prompt, and the provider calls that produce the
 * samples. Everything a caller could have got wrong is found first, before anything is written
 * and before any provider is called: a refused request leaves no project, config version or
 * session behind. Only then are the names used for the first time created.
 */
final class ChatPlanner {
    private final LogPlacement placement;
    private final ModelConfigStore configs;
    private final ProviderRegistry providers;
    private final Map<ChatEndpoint, ConfigSource> configSources;
    private final InputLimits limits;

    ChatPlanner(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            Map<ChatEndpoint, ConfigSource> configSources, InputLimits limits) {
        this.limits = limits;
        this.placement = placement;
        this.configs = configs;
        this.providers = providers;
        this.configSources = Map.copyOf(configSources);
    }

    ChatPlan plan(ChatEndpoint endpoint, ChatRequest request, Completion completion) {
        int numSamples = request.numSamples() == null ? 1 : request.numSamples();
        Map<String, Object> inputs = request.inputs() == null ? Map.of() : request.inputs();
        ProviderApiKeys keys = request.providerApiKeys() == null ? ProviderApiKeys.NONE : request.providerApiKeys();

        // Look everything up, writing nothing.
        ConfigSource.SampleConfigs resolved = configSources.get(endpoint).resolve(request, requestedProject(request), numSamples);
        RequestedProject logsProject = endpoint == ChatEndpoint.MODEL_CONFIG && resolved.project().isNone()
                ? firstProjectUsing(resolved.configs().getFirst().stored().id())
                : resolved.project();
        RequestBodies.Problems problems = new RequestBodies.Problems(limits);
        CheckedConfigs checked = check(endpoint, request, resolved.configs(), inputs, keys, completion, problems);
        checkOutputTokens(endpoint, resolved.configs(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
        Session namedSession = request.sessionId() == null ? null : placement.session(request.sessionId(), null);
        String parentId = placement.parent(request.parentId(), request.parentReferenceId());
        if (checked.callRefused() != null) {
            throw checked.callRefused();
        }

        // The request is going to be served: create what it names for the first time.
        Project project = findOrCreate(logsProject);
        List<ResolvedConfig> sampleConfigs = resolved.store();
        if (project != null) {
            sampleConfigs.stream().map(c -> c.stored().id()).distinct().forEach(id -> configs.link(project.id(), id));
        }
        Session session = namedSession != null ? namedSession : placement.session(null, request.sessionReferenceId());
        List<PlannedCall> calls = calls(request, sampleConfigs, checked.byId(), keys, completion);
        return new ChatPlan(request, project, session, parentId, inputs, calls, numSamples);
    }

    /** The project the request names, found but not created. */
    private RequestedProject requestedProject(ChatRequest request) {
        Optional<Project> existing = placement.existingProject(request.projectId(), request.project(), body());
        if (existing.isPresent()) {
            return RequestedProject.of(existing.get());
        }
        return request.project() == null ? RequestedProject.NONE : RequestedProject.toCreate(request.project());
    }

    /**
     * {@code /chat-model-config} without a project: the project that first used the config, so
     * that its logs are found with that project's. Which projects use a config changes with
     * others' traffic (an inline config of the same parameters on {@code /chat} links it too),
     * so the first is taken rather than refusing when there are several: a caller's request
     * keeps working however others use the config.
     */
    private RequestedProject firstProjectUsing(String configId) {
        return placement.firstProjectUsing(configId).map(RequestedProject::of).orElse(RequestedProject.NONE);
    }

    private Project findOrCreate(RequestedProject project) {
        if (project.existing() != null || project.newName() == null) {
            return project.existing();
        }
        return placement.project(null, project.newName(), body());
    }

    /** A config that passed the checks: who generates with it, and the prompt it makes. */
    private record CheckedConfig(Provider provider, List<ChatMessage> prompt) {
    }

    /**
     * The checks of a request's configs.
     *
     * @param byId each config that passed, by id
     * @param callRefused the first provider call that cannot be made (no key for it, say), or null
     */
    private record CheckedConfigs(Map<String, CheckedConfig> byId, ApiException callRefused) {
    }

    /** Checks each distinct config against the request, noting what is wrong in {@code problems}. */
    private CheckedConfigs check(ChatEndpoint endpoint, ChatRequest request, List<ResolvedConfig> sampleConfigs,
            Map<String, Object> inputs, ProviderApiKeys keys, Completion completion, RequestBodies.Problems problems) {
        Map<String, CheckedConfig> checked = new HashMap<>();
        ApiException callRefused = null;
        Set<String> seen = new HashSet<>();
        for (ResolvedConfig config : sampleConfigs) {
            String configId = config.stored().id();
            if (!seen.add(configId)) {
                continue;
            }
            List<Object> configLoc = endpoint == ChatEndpoint.CHAT ? body("model_config") : body(endpoint.ownField());
            ModelConfigRequest parameters = forCall(config.stored().config(), completion);
            if (!providers.supports(parameters.provider())) {
                problems.add(ChatRequestValidator.at(configLoc, "provider"), "provider '" + parameters.provider().wire()
                        + "' is not available in OpenLoop", "value_error.provider");
                continue;
            }
            Provider provider = providers.get(parameters.provider());
            long maxChars = limits.maxSampledBytes() / sampleConfigs.size();
            List<ChatMessage> prompt;
            if (completion == null) {
                prompt = prompt(parameters, request, inputs, maxChars, problems);
            } else {
                prompt = completionPrompt(parameters, configId, inputs, maxChars,
                        endpoint == ChatEndpoint.CHAT ? ChatRequestValidator.at(configLoc, "prompt_template") : configLoc, problems);
                if (prompt == null) {
                    continue;
                }
            }
            checkToolChoice(parameters, request, problems);
            try {
                // With the whole prompt: a provider may be unable to read some of it, e.g. images.
                provider.checkSupported(providerRequest(parameters, request, prompt, 1, keys, completion), configLoc,
                        problems::add);
            } catch (ProviderFailure refused) {
                // Answered after what the body got wrong and what it names that does not exist, as
                // when the call itself was refused; but before anything is written.
                callRefused = callRefused == null ? ApiException.provider(refused) : callRefused;
            }
            checked.put(configId, new CheckedConfig(provider, prompt));
        }
        return new CheckedConfigs(checked, callRefused);
    }

    /** The provider calls: samples that can share one call (same config, a provider that makes several) share it. */
    private static List<PlannedCall> calls(ChatRequest request, List<ResolvedConfig> sampleConfigs,
            Map<String, CheckedConfig> checked, ProviderApiKeys keys, Completion completion) {
        List<PlannedCall> calls = new ArrayList<>();
        int numSamples = sampleConfigs.size();
        int start = 0;
        while (start < numSamples) {
            ResolvedConfig config = sampleConfigs.get(start);
            CheckedConfig checkedConfig = checked.get(config.stored().id());
            Provider provider = checkedConfig.provider();
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
            List<ChatMessage> prompt = checkedConfig.prompt();
            ProviderRequest providerRequest = providerRequest(forCall(config.stored().config(), completion), request, prompt,
                    samples.size(), keys, completion);
            calls.add(new PlannedCall(provider, providerRequest, config, List.copyOf(samples), List.copyOf(logIds), prompt));
            start = end;
        }
        return List.copyOf(calls);
    }

    /**
     * Refuses samples that may generate more tokens in all than {@code OPENLOOP_MAX_OUTPUT_TOKENS}:
     * the sum of each sample's {@code max_tokens}. A config without a limit (-1) leaves it to the
     * provider's own.
     */
    private void checkOutputTokens(ChatEndpoint endpoint, List<ResolvedConfig> sampleConfigs, RequestBodies.Problems problems) {
        long tokens = 0;
        for (ResolvedConfig config : sampleConfigs) {
            Integer maxTokens = config.stored().config().maxTokens();
            tokens += maxTokens == null || maxTokens < 1 ? 0 : maxTokens;
        }
        if (tokens > limits.maxOutputTokens()) {
            List<Object> loc = endpoint == ChatEndpoint.CHAT && sampleConfigs.size() == 1
                    ? body("model_config", "max_tokens") : body("num_samples");
            problems.add(loc, "ensure num_samples × max_tokens is at most " + limits.maxOutputTokens()
                    + " tokens (OPENLOOP_MAX_OUTPUT_TOKENS): these samples may generate " + tokens, LimitChecks.TOO_LARGE_TYPE);
        }
    }

    /**
     * The config's template, rendered, followed by the request's messages; the template's text is
     * bounded to {@code maxChars} once filled, since every sample's log keeps a copy of it.
     */
    private static List<ChatMessage> prompt(ModelConfigRequest config, ChatRequest request, Map<String, Object> inputs,
            long maxChars, RequestBodies.Problems problems) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(config.chatTemplate(), inputs, maxChars);
        if (rendered.tooLong()) {
            problems.add(body("inputs"), "ensure the chat template filled with these inputs takes at most " + maxChars
                    + " characters (OPENLOOP_MAX_SAMPLED_BYTES / num_samples)", LimitChecks.TOO_LARGE_TYPE);
        }
        for (String name : rendered.missing()) {
            problems.add(body("inputs", name), "field required: the chat template uses {{" + name + "}}",
                    "value_error.missing");
        }
        List<ChatMessage> prompt = new ArrayList<>(rendered.messages());
        prompt.addAll(request.messages());
        return List.copyOf(prompt);
    }

    /**
     * A completion's prompt: the config's prompt template, filled, as one user message; the
     * template's text is bounded to {@code maxChars} once filled, as a chat template's is. Null,
     * with the problem noted at {@code loc}, when the config has no template to complete.
     */
    private static List<ChatMessage> completionPrompt(ModelConfigRequest config, String configId, Map<String, Object> inputs,
            long maxChars, List<Object> loc, RequestBodies.Problems problems) {
        if (config.promptTemplate() == null) {
            problems.add(loc, "field required: " + configId + " has no prompt_template, which a completion needs",
                    "value_error.missing");
            return null;
        }
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(List.of(ChatMessage.user(config.promptTemplate())),
                inputs, maxChars);
        if (rendered.tooLong()) {
            problems.add(body("inputs"), "ensure the prompt template filled with these inputs takes at most " + maxChars
                    + " characters (OPENLOOP_MAX_SAMPLED_BYTES / num_samples)", LimitChecks.TOO_LARGE_TYPE);
        }
        for (String name : rendered.missing()) {
            problems.add(body("inputs", name), "field required: the prompt template uses {{" + name + "}}",
                    "value_error.missing");
        }
        return rendered.messages();
    }

    /** The config as the call uses it: a completion offers no tools, since its answer is text only. */
    private static ModelConfigRequest forCall(ModelConfigRequest config, Completion completion) {
        return completion == null || config.tools() == null ? config : config.toBuilder().tools(null).build();
    }

    /** What makes a provider call a completion: the filled prompt as one text, and the completion's parameters. */
    private static TextCompletion textCompletion(List<ChatMessage> prompt, Completion completion) {
        if (completion == null) {
            return null;
        }
        String text = prompt.isEmpty() || !(prompt.getFirst().content() instanceof MessageContent.Text filled) ? ""
                : filled.value();
        return new TextCompletion(text, completion.logprobs(), completion.suffix());
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
            int samples, ProviderApiKeys keys, Completion completion) {
        ResponseFormat responseFormat = request.responseFormat() != null ? request.responseFormat() : config.responseFormat();
        Long seed = config.seed() != null ? config.seed() : request.seed();
        return new ProviderRequest(config, prompt, effectiveToolChoice(request), responseFormat, seed, request.user(),
                samples, keys, textCompletion(prompt, completion));
    }
}
