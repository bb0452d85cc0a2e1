package dev.openloop.server.chat;

import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.cost.PriceTable;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentConfig;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.web.InputLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The chat flow as a door sees it: plan, call the providers, record, and give the result (a whole
 * {@link ChatResult}, or {@link ChatEvents} as they come). It is the same for every door; a door
 * binds and checks its request, hands it here as a {@link ChatCall} and words what comes back.
 */
public final class ChatCore {
    private final ChatService service;
    private final ChatStreamer streamer;

    private ChatCore(ChatService service, ChatStreamer streamer) {
        this.service = service;
        this.streamer = streamer;
    }

    /** The chat flow over the node's stores and providers. */
    public static ChatCore create(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            LogWriter logWriter, String nodeId, Duration keepAlive, Experiments experiments, ProjectStore projects,
            EnvironmentStore environments, DeploymentStore deployments, InputLimits limits, Pricing pricing,
            LimitGate gate, Duration fallbackDeadline) {
        ChatPlanner.ConfigSources sources = new ChatPlanner.ConfigSources(
                new InlineConfigSource(configs),
                new RegisteredConfigSource(configs),
                new ExperimentConfigSource(experiments, projects),
                new DeployedConfigSource(environments, deployments, configs, experiments));
        FallbackPlanner fallbacks = new FallbackPlanner(configs, providers, experimentId -> experiments.store()
                .configs(experimentId).stream().filter(ExperimentConfig::active).map(ExperimentConfig::configId)
                .collect(Collectors.toSet()));
        ChatPlanner planner = new ChatPlanner(placement, configs, providers, sources, limits, fallbacks, gate);
        ChatService service = new ChatService(planner, logWriter,
                new CallCosts(pricing.prices(), pricing.clock(), pricing.metrics()), gate, new CallRouting(fallbackDeadline));
        return new ChatCore(service, new ChatStreamer(service, logWriter, nodeId, keepAlive));
    }

    /**
     * What the core prices calls by.
     *
     * @param prices the price table
     * @param clock whose day picks the price in effect
     * @param metrics where the spend is counted
     */
    public record Pricing(PriceTable prices, Clock clock, SpendMetrics metrics) {
    }

    /** A whole answer, once its logs are committed. */
    public ChatResult chat(ChatCall call) {
        return service.chat(call);
    }

    /** A streamed answer, written to what {@code open} opens once the stream's logs are committed. */
    public void stream(ChatCall call, Function<ChatPlan, ChatEvents> open) {
        streamer.stream(call, open);
    }
}
