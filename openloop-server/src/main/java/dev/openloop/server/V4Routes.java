package dev.openloop.server;

import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.apikey.KeyIssuer;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.door.v4.ChatRoutes;
import dev.openloop.server.door.v4.CompletionRoutes;
import dev.openloop.server.door.v4.EnvironmentRoutes;
import dev.openloop.server.door.v4.ExperimentRoutes;
import dev.openloop.server.door.v4.FeedbackRoutes;
import dev.openloop.server.door.v4.FeedbackTypeRoutes;
import dev.openloop.server.door.v4.LimitRoutes;
import dev.openloop.server.door.v4.KeyRoutes;
import dev.openloop.server.door.v4.ScopeChecks;
import dev.openloop.server.door.v4.V4Access;
import dev.openloop.server.door.v4.LogResponses;
import dev.openloop.server.door.v4.LogRoutes;
import dev.openloop.server.door.v4.ModelConfigRoutes;
import dev.openloop.server.door.v4.ProjectConfigRoutes;
import dev.openloop.server.door.v4.ProjectExperimentRoutes;
import dev.openloop.server.door.v4.ProjectExportRoutes;
import dev.openloop.server.door.v4.ProjectRoutes;
import dev.openloop.server.door.v4.SessionRoutes;
import dev.openloop.server.door.v4.SpendRoutes;
import dev.openloop.server.door.v4.UnservedRoutes;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.provider.ProviderRegistry;
import io.helidon.webserver.http.HttpService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The routes of the v4 door, wired feature by feature from the node's {@link Resources}. */
final class V4Routes {
    private V4Routes() {
    }

    /** Every v4 route, in the order they are matched. */
    static HttpService[] all(Resources r, ChatCore chat, LogWriter logWriter, LimitGate limits, ApiKeys apiKeys,
            ApiKeyStore keyStore) {
        ScopeChecks scopes = scopeChecks(r);
        LogResponses logResponses = new LogResponses(r.configs(), r.environments(), r.feedback(), r.logs());
        List<HttpService> routes = new ArrayList<>();
        routes.add(new ChatRoutes(chat));
        routes.add(new CompletionRoutes(chat));
        routes.addAll(projects(r, logResponses));
        routes.add(new ModelConfigRoutes(r.configs(), r.projectConfigs(), r.projects(), r.experimentStore(),
                r.projectService(), scopes));
        routes.add(new ExperimentRoutes(r.experiments(), r.experimentService(), r.projectConfigs()));
        routes.add(new SessionRoutes(r.sessions(), r.sessionResponses(), r.projects(), scopes));
        routes.add(new LogRoutes(r.logDeletion(), r.logs(), logWriter, logResponses, r.placement(), r.projects(),
                r.configs(), r.experimentStore(), r.environments(), r.feedback(), scopes));
        routes.add(new FeedbackRoutes(r.feedback(), scopes));
        routes.add(new EnvironmentRoutes(r.environments()));
        routes.add(new SpendRoutes(r.logs().spend()));
        routes.add(new LimitRoutes(limits, r.projects(), keyStore));
        routes.add(new KeyRoutes(new KeyIssuer(keyStore, r.projects()::idOf), apiKeys));
        routes.add(new UnservedRoutes());
        return new V4Access(scopes).guard(routes.toArray(HttpService[]::new));
    }

    /** How a key's reach is checked, from the stores that know each thing's project. */
    static ScopeChecks scopeChecks(Resources r) {
        return new ScopeChecks(r.projects(), r.experimentStore(), r.logs(), r.configs(), r.projectConfigs(), r.sessions());
    }

    /** The chat flow every door that chats shares. */
    static ChatCore chat(Resources r, ServerConfig config, LogWriter logWriter, ProviderRegistry providers,
            SpendMetrics spend, LimitGate limits) {
        return ChatCore.create(r.placement(), r.configs(), providers, logWriter, config.nodeId(),
                config.streamKeepAlive(), r.experiments(), r.projects(), r.environments(), r.deployments(), config.limits(),
                new ChatCore.Pricing(config.prices(), Clock.systemUTC(), spend), limits,
                config.providers().fallbackDeadline());
    }

    /** A project and what lives under it: configs and deployments, feedback types, experiments, the export of its logs. */
    private static List<HttpService> projects(Resources r, LogResponses logResponses) {
        return List.of(
                new ProjectRoutes(r.projects(), r.projectService(), r.projectResponses()),
                new ProjectConfigRoutes(r.projects(), r.projectService(), r.projectResponses(), r.projectConfigs(),
                        r.environments(), r.deployments(), r.experiments()),
                new FeedbackTypeRoutes(r.projects(), r.projectService(), r.feedbackTypes()),
                new ProjectExperimentRoutes(r.projects(), r.projectService(), r.experiments()),
                new ProjectExportRoutes(r.projects(), r.logs(), logResponses));
    }
}
