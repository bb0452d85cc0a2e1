package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.project.Project;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.session.Session;
import dev.openloop.server.store.Ids;
import dev.openloop.server.web.InputLimits;
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
    /** Where a problem with the config is: whichever way the call chose it, the door words this path as its own field. */
    private static final List<Object> CONFIG = Refusal.at("config");
    private final LogPlacement placement;
    private final ModelConfigStore configs;
    private final ProviderRegistry providers;
    private final ConfigSources configSources;
    private final InputLimits limits;
    private final FallbackPlanner fallbacks;
    private final LimitGate gate;

    ChatPlanner(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            ConfigSources configSources, InputLimits limits, FallbackPlanner fallbacks, LimitGate gate) {
        this.limits = limits;
        this.fallbacks = fallbacks;
        this.gate = gate;
        this.placement = placement;
        this.configs = configs;
        this.providers = providers;
        this.configSources = configSources;
    }

    /** The four sources of configs, one per kind of {@link ChatCall.ConfigChoice}. */
    record ConfigSources(
            ConfigSource<ChatCall.ConfigChoice.Inline> inline,
            ConfigSource<ChatCall.ConfigChoice.Registered> registered,
            ConfigSource<ChatCall.ConfigChoice.Experiment> experiment,
            ConfigSource<ChatCall.ConfigChoice.Deployed> deployed) {

        ConfigSource.SampleConfigs resolve(ChatCall.ConfigChoice choice, RequestedProject project, int samples) {
            return switch (choice) {
                case ChatCall.ConfigChoice.Inline inline -> inline().resolve(inline, project, samples);
                case ChatCall.ConfigChoice.Registered registered -> registered().resolve(registered, project, samples);
                case ChatCall.ConfigChoice.Experiment experiment -> experiment().resolve(experiment, project, samples);
                case ChatCall.ConfigChoice.Deployed deployed -> deployed().resolve(deployed, project, samples);
            };
        }
    }

    ChatPlan plan(ChatCall call) {
        int numSamples = call.numSamples();
        Map<String, Object> inputs = call.inputs();
        ChatCall.Placement placed = call.placement();

        // Look everything up, writing nothing.
        RequestedProject requested = requestedProject(placed);
        if (!requested.isNone()) {
            reach(call, requested);
        }
        ConfigSource.SampleConfigs resolved = configSources.resolve(call.config(), requested, numSamples);
        RequestedProject logsProject = call.config() instanceof ChatCall.ConfigChoice.Registered && resolved.project().isNone()
                ? firstProjectUsing(resolved.configs().getFirst().stored().id())
                : resolved.project();
        reach(call, logsProject);
        Refusal.Problems problems = new Refusal.Problems();
        CheckedConfigs checked = check(call, resolved.configs(), problems);
        checkOutputTokens(call, resolved.configs(), problems);
        fallbacks.check(call, problems);
        if (!problems.isEmpty()) {
            throw problems.refusal();
        }
        placement.checkReach(call.scope(), placed.sessionId(), placed.sessionReferenceId(), placed.parentId(),
                placed.parentReferenceId());
        Session namedSession = placed.sessionId() == null ? null : placement.session(placed.sessionId(), null);
        String parentId = placement.parent(placed.parentId(), placed.parentReferenceId());
        if (checked.callRefused() != null) {
            throw checked.callRefused();
        }
        // Counted as a request of its key and its project, or refused by their limits, before
        // anything is written: a project created by this call has no limits yet.
        gate.admit(subjects(call, logsProject));

        // The request is going to be served: create what it names for the first time.
        Project project = findOrCreate(logsProject);
        List<ResolvedConfig> sampleConfigs = resolved.store();
        if (project != null) {
            sampleConfigs.stream().map(c -> c.stored().id()).distinct().forEach(id -> configs.link(project.id(), id));
        }
        Session session = namedSession != null ? namedSession : placement.session(null, placed.sessionReferenceId());
        List<PlannedCall> calls = calls(call, sampleConfigs, checked.byId());
        return new ChatPlan(call, project, session, parentId, inputs, calls, numSamples);
    }

    /** Whose limits a call counts against: the key that made it, and its project when that exists. */
    static LimitGate.Subjects subjects(ChatCall call, RequestedProject project) {
        return new LimitGate.Subjects(call.recording().apiKeyId(), project.existing() == null ? null : project.existing().id());
    }

    /**
     * Refuses a call whose logs would go into a project its key does not reach: a project out of
     * reach answers as one that does not exist, and a key limited to projects creates none and
     * writes no log outside them.
     */
    private static void reach(ChatCall call, RequestedProject project) {
        KeyScope scope = call.scope();
        ChatCall.Placement placed = call.placement();
        if (scope.everyProject() || project.existing() != null && scope.reaches(project.existing().id())) {
            return;
        }
        // Worded as the thing the request named would be were it not there, never naming the project.
        if (placed.projectId() != null) {
            throw Refusal.notFound("Project " + placed.projectId() + " not found");
        }
        if (placed.project() != null) {
            throw Refusal.notFound("Project '" + placed.project() + "' not found");
        }
        if (!project.isNone()) {
            switch (call.config()) {
                case ChatCall.ConfigChoice.Experiment experiment ->
                        throw Refusal.notFound("Experiment " + experiment.experimentId() + " not found");
                case ChatCall.ConfigChoice.Registered registered ->
                        throw Refusal.notFound("Model config " + registered.configId() + " not found");
                default -> { }
            }
        }
        throw Refusal.forbidden("This API key is limited to its projects: name one of them (project or project_id)");
    }

    /** The project the call names, found but not created. */
    private RequestedProject requestedProject(ChatCall.Placement placed) {
        Optional<Project> existing = placement.existingProject(placed.projectId(), placed.project(), List.of());
        if (existing.isPresent()) {
            return RequestedProject.of(existing.get());
        }
        return placed.project() == null ? RequestedProject.NONE : RequestedProject.toCreate(placed.project());
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
        return placement.project(null, project.newName(), List.of());
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
    private record CheckedConfigs(Map<String, CheckedConfig> byId, ProviderFailure callRefused) {
    }

    /** Checks each distinct config against the call, noting what is wrong in {@code problems}. */
    private CheckedConfigs check(ChatCall call, List<ResolvedConfig> sampleConfigs, Refusal.Problems problems) {
        Map<String, CheckedConfig> checked = new HashMap<>();
        ProviderFailure callRefused = null;
        Set<String> seen = new HashSet<>();
        for (ResolvedConfig config : sampleConfigs) {
            String configId = config.stored().id();
            if (!seen.add(configId)) {
                continue;
            }
            List<Object> configLoc = CONFIG;
            ModelConfigRequest parameters = parameters(call, config);
            if (!providers.supports(parameters.provider())) {
                problems.add(Refusal.at(configLoc, "provider"), "provider '" + parameters.provider().wire()
                        + "' is not available in OpenLoop", "value_error.provider");
                continue;
            }
            Provider provider = providers.get(parameters.provider());
            long maxChars = limits.maxSampledBytes() / sampleConfigs.size();
            List<ChatMessage> prompt = prompt(call, parameters, configId, maxChars, problems);
            if (prompt == null) {
                continue;
            }
            checkToolChoice(parameters, call.toolChoice(), problems);
            try {
                // With the whole prompt: a provider may be unable to read some of it, e.g. images.
                provider.checkSupported(providerRequest(parameters, call, prompt, 1), configLoc, problems::add);
            } catch (ProviderFailure refused) {
                // Answered after what the body got wrong and what it names that does not exist, as
                // when the call itself was refused; but before anything is written.
                callRefused = callRefused == null ? refused : callRefused;
            }
            checked.put(configId, new CheckedConfig(provider, prompt));
        }
        return new CheckedConfigs(checked, callRefused);
    }

    /** The whole prompt of a sample with {@code parameters}: a chat's, or a completion's; null when it cannot be made. */
    private static List<ChatMessage> prompt(ChatCall call, ModelConfigRequest parameters, String configId, long maxChars,
            Refusal.Problems problems) {
        return call.completion() == null ? prompt(parameters, call, maxChars, problems)
                : CompletionPrompts.prompt(parameters, configId, call, maxChars, call.config() instanceof ChatCall.ConfigChoice.Inline
                        ? Refusal.at(CONFIG, "prompt_template") : CONFIG, problems);
    }

    /**
     * The provider calls: samples that can share one call (same config, a provider that makes
     * several) share it; each with the fallbacks of its config.
     */
    private List<PlannedCall> calls(ChatCall chatCall, List<ResolvedConfig> sampleConfigs,
            Map<String, CheckedConfig> checked) {
        long maxChars = limits.maxSampledBytes() / sampleConfigs.size();
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
            ModelConfigRequest parameters = parameters(chatCall, config);
            ProviderRequest providerRequest = providerRequest(parameters, chatCall, prompt, samples.size());
            List<Alternative> alternatives = fallbacks.alternatives(chatCall, config, samples.size(),
                    stored -> parameters(chatCall, ResolvedConfig.direct(stored)),
                    (fallbackParameters, configId, problems) -> prompt(chatCall, fallbackParameters, configId, maxChars, problems),
                    (fallbackParameters, fallbackPrompt, n) -> providerRequest(fallbackParameters, chatCall, fallbackPrompt, n));
            calls.add(new PlannedCall(provider, providerRequest, config, List.copyOf(samples), List.copyOf(logIds), prompt,
                    alternatives));
            start = end;
        }
        return List.copyOf(calls);
    }

    /**
     * Refuses samples that may generate more tokens in all than {@code OPENLOOP_MAX_OUTPUT_TOKENS}:
     * the sum of each sample's {@code max_tokens}. A config without a limit (-1) leaves it to the
     * provider's own.
     */
    private void checkOutputTokens(ChatCall call, List<ResolvedConfig> sampleConfigs, Refusal.Problems problems) {
        long tokens = 0;
        for (ResolvedConfig config : sampleConfigs) {
            Integer maxTokens = call.overrides().applyTo(config.stored().config()).maxTokens();
            tokens += maxTokens == null || maxTokens < 1 ? 0 : maxTokens;
        }
        if (tokens > limits.maxOutputTokens()) {
            List<Object> loc = call.config() instanceof ChatCall.ConfigChoice.Inline && sampleConfigs.size() == 1
                    ? Refusal.at(CONFIG, "max_tokens") : Refusal.at("num_samples");
            problems.add(loc, "ensure num_samples × max_tokens is at most " + limits.maxOutputTokens()
                    + " tokens (OPENLOOP_MAX_OUTPUT_TOKENS): these samples may generate " + tokens, Refusal.Problem.TOO_LARGE);
        }
    }

    /**
     * The config's template, rendered, followed by the request's messages; the template's text is
     * bounded to {@code maxChars} once filled, since every sample's log keeps a copy of it.
     */
    private static List<ChatMessage> prompt(ModelConfigRequest config, ChatCall call, long maxChars,
            Refusal.Problems problems) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(config.chatTemplate(), call.inputs(), maxChars);
        if (rendered.tooLong()) {
            problems.add(Refusal.at("inputs"), "ensure the chat template filled with these inputs takes at most " + maxChars
                    + " characters (OPENLOOP_MAX_SAMPLED_BYTES / num_samples)", Refusal.Problem.TOO_LARGE);
        }
        for (String name : rendered.missing()) {
            problems.add(Refusal.at("inputs", name), "field required: the chat template uses {{" + name + "}}",
                    "value_error.missing");
        }
        List<ChatMessage> prompt = new ArrayList<>(rendered.messages());
        prompt.addAll(call.messages());
        return List.copyOf(prompt);
    }

    private static void checkToolChoice(ModelConfigRequest config, ToolChoice choice, Refusal.Problems problems) {
        List<Object> path = Refusal.at("tool_choice");
        Set<String> toolNames = new HashSet<>();
        if (config.tools() != null) {
            config.tools().stream().map(ToolDefinition::name).forEach(toolNames::add);
        }
        if (choice instanceof ToolChoice.Function function && !toolNames.contains(function.name())) {
            problems.add(path, "the config has no tool named '" + function.name() + "'", "value_error");
        } else if (ToolChoice.REQUIRED.equals(choice) && toolNames.isEmpty()) {
            problems.add(path, "'required' needs a config with tools", "value_error");
        }
    }

    /** The parameters of a sample's provider call: its config, with the call's overrides, as a completion uses it. */
    private static ModelConfigRequest parameters(ChatCall call, ResolvedConfig config) {
        return CompletionPrompts.parameters(call, call.overrides().applyTo(config.stored().config()));
    }

    private static ProviderRequest providerRequest(ModelConfigRequest config, ChatCall call, List<ChatMessage> prompt,
            int samples) {
        ResponseFormat responseFormat = call.responseFormat() != null ? call.responseFormat() : config.responseFormat();
        Long seed = config.seed() != null ? config.seed() : call.seed();
        return new ProviderRequest(config, prompt, call.toolChoice(), responseFormat, seed, call.user(), samples,
                call.keys(), CompletionPrompts.of(call, prompt));
    }
}
