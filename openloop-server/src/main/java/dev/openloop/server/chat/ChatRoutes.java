package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.server.chatlog.LogPlacement;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.http.JsonAnswers;
import dev.openloop.server.http.InputLimits;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.provider.ProviderRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The chat endpoints under {@code /v4}. */
public final class ChatRoutes implements HttpService {
    private final ChatService service;
    private final ChatStreamer streamer;
    private final Map<ChatEndpoint, ConfigSource> sources;

    private ChatRoutes(ChatService service, ChatStreamer streamer, Map<ChatEndpoint, ConfigSource> sources) {
        this.service = service;
        this.streamer = streamer;
        this.sources = sources;
    }

    /** The chat routes, with what the chat flow needs. */
    public static ChatRoutes create(LogPlacement placement, ModelConfigStore configs, ProviderRegistry providers,
            LogWriter logWriter, String nodeId, Duration keepAlive, Experiments experiments, ProjectStore projects,
            EnvironmentStore environments, DeploymentStore deployments, InputLimits limits) {
        Map<ChatEndpoint, ConfigSource> sources = new EnumMap<>(ChatEndpoint.class);
        sources.put(ChatEndpoint.CHAT, new InlineConfigSource(configs));
        sources.put(ChatEndpoint.MODEL_CONFIG, new RegisteredConfigSource(configs));
        sources.put(ChatEndpoint.EXPERIMENT, new ExperimentConfigSource(experiments, projects));
        sources.put(ChatEndpoint.DEPLOYED, new DeployedConfigSource(environments, deployments, configs, experiments));
        ChatPlanner planner = new ChatPlanner(placement, configs, providers, sources, limits);
        ChatService service = new ChatService(planner, logWriter);
        return new ChatRoutes(service, new ChatStreamer(service, logWriter, nodeId, keepAlive), sources);
    }

    /**
     * Answers the JSON body of a {@code POST /v4/chat}, bound and checked as that route does (422
     * {@link dev.openloop.server.http.ApiException}s alike), its logs committed before it returns:
     * for another door that shows the answer its own way.
     */
    public ChatResponse chat(byte[] body, InputLimits limits) {
        return service.chat(ChatEndpoint.CHAT, read(ChatEndpoint.CHAT, body, limits));
    }

    /** Streams the answer to the JSON body of a {@code POST /v4/chat} on {@code res}, as that route does with {@code stream: true}. */
    public void stream(byte[] body, InputLimits limits, ServerResponse res) {
        streamer.stream(ChatEndpoint.CHAT, read(ChatEndpoint.CHAT, body, limits), res);
    }

    private static ChatRequest read(ChatEndpoint endpoint, byte[] body, InputLimits limits) {
        return RequestBodies.read(body, ChatRequest.class, RequestBodies.Extras.REFUSE,
                ChatRequestValidator.forEndpoint(endpoint, body.length), limits);
    }

    @Override
    public void routing(HttpRules rules) {
        for (ChatEndpoint endpoint : sources.keySet()) {
            rules.post(endpoint.path(), (req, res) -> handle(endpoint, req, res));
        }
    }

    private void handle(ChatEndpoint endpoint, ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.bytesOf(req);
        ChatRequest request = read(endpoint, body, InputLimits.of(req));
        if (Boolean.TRUE.equals(request.stream())) {
            streamer.stream(endpoint, request, res);
        } else {
            JsonAnswers.stream(res, 200, service.chat(endpoint, request));
        }
    }
}
