package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.FallbackChecks;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans the fallbacks of a call's configs: which fallbacks apply (the call's own, else an inline
 * config's, else those stored with the config), the config each stands for, and whether it can
 * serve this call at all. A fallback that cannot (its provider cannot read the prompt, it has no
 * key, the call's inputs do not fill its template) does not refuse the call: it is skipped, and
 * the log says so, since the call may never need it.
 *
 * <p>A fallback naming a provider's model stands for the failing config with that provider and
 * model, stored as a config version of its own like an inline config, so that its logs name it.
 * Its samples are credited to an experiment only when its config is an active arm of the same
 * experiment: a log of a config that is no arm is no trial of the experiment.
 */
final class FallbackPlanner {
    /** Where the fallbacks of the call itself (a {@code /v1} body's) are. */
    private static final List<Object> CALL_FALLBACKS = Refusal.at("fallbacks");
    /** Where an inline config's fallbacks are. */
    private static final List<Object> INLINE_FALLBACKS = Refusal.at("config", "fallbacks");

    private final ModelConfigStore configs;
    private final ProviderRegistry providers;
    private final Function<String, Set<String>> arms;

    /**
     * @param arms the active arms (config ids) of an experiment, by its id
     */
    FallbackPlanner(ModelConfigStore configs, ProviderRegistry providers, Function<String, Set<String>> arms) {
        this.configs = configs;
        this.providers = providers;
        this.arms = arms;
    }

    /** How a fallback's prompt is made and checked, as the planner makes a config's. */
    @FunctionalInterface
    interface Prompts {
        /** The whole prompt for {@code parameters}, or null with the problems noted. */
        List<ChatMessage> prompt(ModelConfigRequest parameters, String configId, Refusal.Problems problems);
    }

    /** Notes what is wrong with the fallbacks the call gives, before anything is written. */
    void check(ChatCall call, Refusal.Problems problems) {
        FallbackChecks.check(call.fallbacks(), configs, CALL_FALLBACKS, problems);
        if (call.config() instanceof ChatCall.ConfigChoice.Inline inline) {
            FallbackChecks.check(inline.config().fallbacks(), configs, INLINE_FALLBACKS, problems);
        }
    }

    /**
     * The alternatives of a call of {@code samples} samples with {@code primary}, in order: each
     * fallback once, none the primary itself.
     *
     * @param parameters how a config's parameters become a call's (the call's overrides applied)
     * @param requestOf the provider request of a config's parameters and prompt
     */
    List<Alternative> alternatives(ChatCall call, ResolvedConfig primary, int samples,
            Function<StoredConfig, ModelConfigRequest> parameters, Prompts prompts,
            RequestMaker requestOf) {
        List<Fallback> fallbacks = fallbacksOf(call, primary);
        if (fallbacks.isEmpty()) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        seen.add(primary.stored().id());
        Set<String> experimentArms = primary.experimentId() == null ? Set.of() : arms.apply(primary.experimentId());
        List<Alternative> alternatives = new ArrayList<>();
        for (Fallback fallback : fallbacks) {
            StoredConfig stored = fallback.configId() != null
                    ? configs.get(fallback.configId())
                    : configs.register(primary.stored().config().toBuilder().provider(fallback.provider())
                            .model(fallback.model()).name(null).fallbacks(null).build());
            if (!seen.add(stored.id())) {
                continue;
            }
            ResolvedConfig config = experimentArms.contains(stored.id())
                    ? new ResolvedConfig(stored, primary.experimentId(), primary.trialId(), primary.environmentId())
                    : new ResolvedConfig(stored, null, null, primary.environmentId());
            alternatives.add(alternative(config, samples, parameters.apply(stored), prompts, requestOf));
        }
        return List.copyOf(alternatives);
    }

    /** Makes a provider request of a config's parameters and prompt, for {@code samples} samples. */
    @FunctionalInterface
    interface RequestMaker {
        ProviderRequest make(ModelConfigRequest parameters, List<ChatMessage> prompt, int samples);
    }

    private Alternative alternative(ResolvedConfig config, int samples, ModelConfigRequest parameters, Prompts prompts,
            RequestMaker requestOf) {
        String origin = parameters.provider().wire();
        if (!providers.supports(parameters.provider())) {
            return unusable(config, ProviderErrors.unsupportedProvider(origin));
        }
        Provider provider = providers.get(parameters.provider());
        if (samples > 1 && !provider.generatesSeveralSamples()) {
            return unusable(config, new ProviderFailure(ProviderErrors.OPENLOOP, ProviderFailure.Kind.INVALID_REQUEST,
                    origin + " makes one sample per call, and this call asks for " + samples));
        }
        Refusal.Problems problems = new Refusal.Problems();
        List<ChatMessage> prompt = prompts.prompt(parameters, config.stored().id(), problems);
        if (prompt == null || !problems.isEmpty()) {
            return unusable(config, new ProviderFailure(ProviderErrors.OPENLOOP, ProviderFailure.Kind.INVALID_REQUEST,
                    "this call's inputs do not fill the fallback's template"));
        }
        ProviderRequest request = requestOf.make(parameters, prompt, samples);
        try {
            provider.checkSupported(request, Refusal.at("config"), problems::add);
        } catch (ProviderFailure refused) {
            return unusable(config, refused);
        }
        if (!problems.isEmpty()) {
            return unusable(config, new ProviderFailure(ProviderErrors.OPENLOOP, ProviderFailure.Kind.INVALID_REQUEST,
                    origin + " cannot serve this call as it is"));
        }
        return new Alternative(provider, request, config, prompt, null);
    }

    private static Alternative unusable(ResolvedConfig config, ProviderFailure why) {
        return new Alternative(null, null, config, List.of(), why);
    }

    /** The fallbacks that apply: the call's own, else an inline config's, else the stored config's. */
    private List<Fallback> fallbacksOf(ChatCall call, ResolvedConfig primary) {
        if (call.fallbacks() != null) {
            return call.fallbacks();
        }
        if (call.config() instanceof ChatCall.ConfigChoice.Inline inline) {
            return inline.config().fallbacks() == null ? List.of() : inline.config().fallbacks();
        }
        return configs.cachedFallbacks(primary.stored().id());
    }
}
