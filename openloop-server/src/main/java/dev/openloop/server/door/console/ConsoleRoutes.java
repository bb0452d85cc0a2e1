package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.chat.ChatCore;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.time.Clock;
import java.time.Duration;

/**
 * The console: OpenLoop's pages for people, at the root of the node beside {@code /v4}. Each page
 * reads through the same stores and changes through the same services as the API.
 */
public final class ConsoleRoutes implements HttpService {
    /** A session unused this long ends. */
    static final Duration IDLE = Duration.ofHours(2);
    /** A session ends this long after sign-in, used or not. */
    static final Duration LIFETIME = Duration.ofHours(12);

    private final Guard guard;
    private final SignIn signIn;
    private final Assets assets = new Assets();
    private final ProjectPages projects;
    private final LogPages logs;
    private final ExperimentPages experiments;
    private final KeyPages keys;
    private final PlaygroundPages playground;

    public ConsoleRoutes(ApiKeys apiKeys, ConsoleServices services, ChatCore chat) {
        this(apiKeys, services, chat, new ConsoleSessions(Clock.systemUTC(), IDLE, LIFETIME));
    }

    ConsoleRoutes(ApiKeys apiKeys, ConsoleServices services, ChatCore chat, ConsoleSessions sessions) {
        Pages pages = new Pages();
        this.guard = new Guard(sessions, apiKeys, pages, services);
        this.signIn = new SignIn(guard, sessions, apiKeys, pages);
        this.projects = new ProjectPages(guard, pages, services);
        this.logs = new LogPages(guard, pages, services);
        this.experiments = new ExperimentPages(guard, pages, services);
        this.playground = new PlaygroundPages(guard, pages, services, chat);
        this.keys = new KeyPages(guard, pages, services, sessions, apiKeys);
    }

    @Override
    public void routing(HttpRules rules) {
        assets.routing(rules);
        signIn.routing(rules);
        projects.routing(rules);
        logs.routing(rules);
        experiments.routing(rules);
        keys.routing(rules);
        playground.routing(rules);
    }
}
