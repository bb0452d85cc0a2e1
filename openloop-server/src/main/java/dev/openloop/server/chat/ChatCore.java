package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.chatlog.LogPlacement;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.http.InputLimits;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.provider.ProviderRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The chat flow as a door sees it: plan, call the providers, record, and give the result (a whole
 * {@link ChatResult}, or {@link ChatEvents} as they come). It is the same for every door; a door
 * binds its request, hands it here and words what comes back.
 */
public final class ChatCore {
    private final ChatService service;
    private final ChatStreamer streamer;
    private final Set<ChatEndpoint> endpoints;

    private ChatCore(ChatService service, ChatStreamer streamer, Set<ChatEndpoint> endpoints) {
        this.service = service;
        this.streamer = streamer;
        this.endpoints = endpoints;
    }

    /** The chat flow over the node's stores and providers. */
    public static ChatCore create(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            LogWriter logWriter, String nodeId, Duration keepAlive, Experiments experiments, ProjectStore projects,
            EnvironmentStore environments, DeploymentStore deployments, InputLimits limits) {
        Map<ChatEndpoint, ConfigSource> sources = new EnumMap<>(ChatEndpoint.class);
        sources.put(ChatEndpoint.CHAT, new InlineConfigSource(configs));
        sources.put(ChatEndpoint.MODEL_CONFIG, new RegisteredConfigSource(configs));
        sources.put(ChatEndpoint.EXPERIMENT, new ExperimentConfigSource(experiments, projects));
        sources.put(ChatEndpoint.DEPLOYED, new DeployedConfigSource(environments, deployments, configs, experiments));
        ChatPlanner planner = new ChatPlanner(placement, configs, providers, sources, limits);
        ChatService service = new ChatService(planner, logWriter);
        return new ChatCore(service, new ChatStreamer(service, logWriter, nodeId, keepAlive), sources.keySet());
    }

    /** The ways a chat names its config, each with its own endpoint. */
    public Set<ChatEndpoint> endpoints() {
        return endpoints;
    }

    /** A whole answer, once its logs are committed. */
    public ChatResult chat(ChatEndpoint endpoint, ChatRequest request) {
        return service.chat(endpoint, request, null);
    }

    /** A whole completion answer, once its logs are committed. */
    public ChatResult chat(ChatEndpoint endpoint, ChatRequest request, Completion completion) {
        return service.chat(endpoint, request, completion);
    }

    /** A streamed answer, written to what {@code open} opens once the stream's logs are committed. */
    public void stream(ChatEndpoint endpoint, ChatRequest request, Function<ChatPlan, ChatEvents> open) {
        streamer.stream(endpoint, request, null, open);
    }

    /** A streamed completion answer. */
    public void stream(ChatEndpoint endpoint, ChatRequest request, Completion completion, Function<ChatPlan, ChatEvents> open) {
        streamer.stream(endpoint, request, completion, open);
    }
}
