package dev.openloop.server;

import dev.openloop.server.apikey.ApiKeyFilter;
import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.apikey.ApiKeys;
import dev.openloop.server.apikey.Role;
import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.door.console.ConsoleRoutes;
import dev.openloop.server.door.console.ConsoleServices;
import dev.openloop.server.door.v1.V1Auth;
import dev.openloop.server.door.v1.V1Routes;
import dev.openloop.server.door.v4.V4Failures;
import dev.openloop.server.health.Readiness;
import dev.openloop.server.http.BindingFilter;
import dev.openloop.server.http.DeclaredRoutes;
import dev.openloop.server.http.DirectErrors;
import dev.openloop.server.http.ErrorResponses;
import dev.openloop.server.http.ErrorShapes;
import dev.openloop.server.limit.LimitCounters;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.limit.LimitRules;
import dev.openloop.server.limit.LimitSettings;
import dev.openloop.server.observe.HttpMetrics;
import dev.openloop.server.observe.MetricsRoutes;
import dev.openloop.server.observe.NodeMetrics;
import dev.openloop.server.observe.ObserveSettings;
import dev.openloop.server.observe.RequestObserver;
import dev.openloop.server.observe.ServerLogging;
import dev.openloop.server.observe.Tracing;
import dev.openloop.server.provider.ProviderMetrics;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.RoutingMeters;
import dev.openloop.server.provider.ProviderSpans;
import dev.openloop.server.provider.catalog.ProviderCatalog;
import dev.openloop.server.store.Database;
import dev.openloop.server.transport.ConnectionGuard;
import dev.openloop.server.transport.FileDescriptorBudget;
import dev.openloop.server.transport.ListenerWatchdog;
import dev.openloop.server.transport.TransportLimits;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Jdbi;

/**
 * One OpenLoop node: the database, the stores, the providers and the routes, wired together and
 * listening. {@link #stop()} stops taking requests, lets those in flight finish, writes the logs
 * still queued and closes the database.
 */
public final class OpenLoopServer {
    private static final System.Logger LOG = System.getLogger(OpenLoopServer.class.getName());
    /** The longest request line (method, path and query) and the most header bytes a request may have. */
    public static final int MAX_PROLOGUE_BYTES = 8 * 1024;
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final long WATCHDOG_PERIOD_MILLIS = 5_000;

    private final Database database;
    private final LogWriter logWriter;
    private final WebServer webServer;
    /** The listener of {@code OPENLOOP_METRICS_PORT}, or null when {@code /metrics} is on the main port. */
    private final WebServer metricsServer;
    private final NodeMetrics metrics;
    private final Tracing tracing;
    private final Optional<String> generatedApiKey;
    private final Readiness readiness;
    private final ScheduledExecutorService guardian;
    private final Duration drainDelay;
    /** The rate limits' and budgets' counters: a Redis connection, when they are shared. */
    private final LimitCounters limitCounters;
    /** Hears the other nodes' catalog changes, on PostgreSQL. */
    private final Catalog catalog;

    private OpenLoopServer(Database database, LogWriter logWriter, WebServer webServer, WebServer metricsServer,
            NodeMetrics metrics, Tracing tracing, Optional<String> generatedApiKey, Readiness readiness, ScheduledExecutorService guardian,
            Duration drainDelay, LimitCounters limitCounters, Catalog catalog) {
        this.database = database;
        this.logWriter = logWriter;
        this.webServer = webServer;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
        this.tracing = tracing;
        this.generatedApiKey = generatedApiKey;
        this.readiness = readiness;
        this.guardian = guardian;
        this.drainDelay = drainDelay;
        this.limitCounters = limitCounters;
        this.catalog = catalog;
    }

    /**
     * Starts a node with {@code config}; returns once it takes requests. Should its listener stop
     * accepting for good, the node only logs it and {@code /readyz} says so.
     */
    public static OpenLoopServer start(ServerConfig config) {
        return start(config, () -> { });
    }

    /** Starts a node as {@link #start(ServerConfig)} does; {@code onListenerLost} runs if its listener stops accepting for good. */
    public static OpenLoopServer start(ServerConfig config, Runnable onListenerLost) {
        // What logs through java.util.logging reaches Logback in a node started in-process too.
        ServerLogging.install();
        Database database = Database.open(config.databaseUrl(), config.dbPoolSize(), config.sqliteSync());
        NodeMetrics metrics = new NodeMetrics();
        Tracing tracing = Tracing.start(config.observe());
        database.bindMetrics(metrics.registry());
        Catalog catalog = Catalog.open(database.dialect(), config.databaseUrl());
        // Its writer thread keeps the JVM alive, so a start that fails after it exists must close it.
        LogWriter logWriter = null;
        LimitCounters limitCounters = null;
        WebServer metricsServer = null;
        ScheduledExecutorService guardian = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("openloop-connection-guard").daemon(true).factory());
        try {
            ApiKeyStore keyStore = new ApiKeyStore(database.jdbi());
            ApiKeys apiKeys = new ApiKeys(keyStore, config.apiKeyCacheTtl());
            Optional<String> generatedKey = apiKeys.bootstrap(config.apiKey());
            int abandoned = LogWriter.markAbandonedStreams(database.jdbi(), config.nodeId());
            if (abandoned > 0) {
                LOG.log(Level.INFO, abandoned + " streams cut by the last stop were marked incomplete");
            }
            Jdbi jdbi = database.jdbi();
            logWriter = new LogWriter(jdbi, database.dialect());
            logWriter.metrics().bindTo(metrics.registry());
            catalog.bindTo(metrics.registry());
            Resources resources = Resources.open(database, catalog, config);
            ProviderRegistry providers = ProviderCatalog.standard(config.providers())
                    .guarded(config.providers().breaker(), Clock.systemUTC())
                    .observed(new ProviderMetrics(metrics.registry()), new ProviderSpans(tracing));
            RoutingMeters.bind(metrics.registry(), providers, config.providers().serverKeys());

            TransportLimits limits = config.transport();
            FileDescriptorBudget budget = FileDescriptorBudget.of(limits.maxConnections());
            if (budget.lowered(limits.maxConnections())) {
                LOG.log(Level.WARNING, "the open-file limit (ulimit -n) leaves room for " + budget.cap()
                        + " connections, fewer than OPENLOOP_MAX_CONNECTIONS=" + limits.maxConnections()
                        + "; serving at most " + budget.cap());
            }
            ConnectionGuard guard = new ConnectionGuard(limits, budget.cap(), Http1Config.builder()
                    .maxPrologueLength(MAX_PROLOGUE_BYTES)
                    .maxHeadersSize(MAX_HEADER_BYTES)
                    .build(), guardian);
            Readiness readiness = new Readiness(jdbi);
            LimitSettings limitSettings = config.limitSettings();
            limitCounters = limitSettings.counters();
            LimitGate limitGate = new LimitGate(new LimitRules(jdbi), limitCounters, limitSettings.failOpen(),
                    Clock.systemUTC(), limitSettings.rulesTtl());
            readiness.watchLimits(limitGate::countersReachable, limitSettings.failOpen());
            readiness.reportKeysOut(config.providers().serverKeys()::keysOut);

            HttpRouting.Builder routing = HttpRouting.builder();
            DeclaredRoutes declared = new DeclaredRoutes();
            routing.addFilter(new RequestObserver(new HttpMetrics(metrics.registry()), tracing));
            routing.addFilter(guard.filter());
            routing.addFilter(new ApiKeyFilter(apiKeys));
            routing.addFilter(new V1Auth(apiKeys));
            routing.addFilter(new BindingFilter(config.limits()));
            ErrorShapes errorShapes = ErrorShapes.of(Map.of("/v1", V1Routes.errors()));
            ErrorResponses.register(routing, errorShapes);
            V4Failures.register(routing, errorShapes);
            // Declared like the v4 routes, so that another method on them is a 405 too.
            routing.register(declared.watch("", readiness::register));
            ObserveSettings observe = config.observe();
            if (observe.metricsPort() == null) {
                routing.register(declared.watch("", new MetricsRoutes(metrics, key -> apiKeys.callerOf(key)
                        .map(caller -> caller.may(Role.ADMIN) ? MetricsRoutes.Access.ALLOWED : MetricsRoutes.Access.NOT_ALLOWED)
                        .orElse(MetricsRoutes.Access.UNKNOWN))));
            } else {
                metricsServer = startMetricsServer(observe, metrics);
            }
            ChatCore chat = V4Routes.chat(resources, config, logWriter, providers, new SpendMetrics(metrics.registry()),
                    limitGate);
            routing.register("/v4", declared.watch("/v4", V4Routes.all(resources, chat, logWriter, limitGate, apiKeys, keyStore)));
            routing.register("/v1", new V1Routes(chat, resources.deployments()));
            routing.register(new ConsoleRoutes(apiKeys, new ConsoleServices(resources.projects(), resources.environments(),
                    resources.deployments(), resources.projectDeployments(), resources.projectConfigs(), resources.configs(),
                    resources.feedbackTypes(), resources.experiments(), resources.logs(), resources.feedback(), keyStore), chat));
            routing.any(declared::answerUnmatched);

            WebServer webServer = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .shutdownHook(false)
                    .shutdownGracePeriod(config.shutdownGrace())
                    .maxPayloadSize(config.maxBodyBytes())
                    // The guard is the only connection selector: it gets each connection as soon as
                    // it is accepted, and serves it HTTP/1.1 with the limits above.
                    .protocolsDiscoverServices(false)
                    .addConnectionSelector(guard)
                    .maxTcpConnections(budget.acceptCeiling())
                    .idleConnectionTimeout(limits.idleTimeout())
                    .idleConnectionPeriod(idlePeriod(limits.idleTimeout()))
                    .directHandlers(DirectErrors.handlers(config.maxBodyBytes(), errorShapes))
                    .routing(routing)
                    .build()
                    .start();
            // Helidon logs a failure to bind (a port in use, an address not this machine's) and
            // returns a server that is not running, rather than throwing.
            if (!webServer.isRunning()) {
                webServer.stop();
                throw new StartupException("cannot listen on " + config.host() + ":" + config.port()
                        + ": the port is in use, or the address is not one of this machine's (see the error above)");
            }
            readiness.watchListener(ListenerWatchdog.start(config.host(), webServer.port(), WATCHDOG_PERIOD_MILLIS,
                    guardian, onListenerLost));
            return new OpenLoopServer(database, logWriter, webServer, metricsServer, metrics, tracing, generatedKey,
                    readiness, guardian, config.drainDelay(), limitCounters, catalog);
        } catch (RuntimeException e) {
            guardian.shutdownNow();
            if (limitCounters != null) {
                limitCounters.close();
            }
            if (metricsServer != null) {
                metricsServer.stop();
            }
            metrics.close();
            tracing.close();
            if (logWriter != null) {
                logWriter.close();
            }
            catalog.close();
            database.close();
            throw e;
        }
    }

    /** The port the node listens on. */
    public int port() {
        return webServer.port();
    }

    /** The port of the metrics listener of its own, when {@code OPENLOOP_METRICS_PORT} asked for one. */
    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(metricsServer).map(WebServer::port);
    }

    /** {@code /metrics} alone, without API key, on the address and port the operator chose. */
    private static WebServer startMetricsServer(ObserveSettings observe, NodeMetrics metrics) {
        WebServer server = WebServer.builder()
                .host(observe.metricsHost())
                .port(observe.metricsPort())
                .shutdownHook(false)
                .routing(HttpRouting.builder().register(new MetricsRoutes(metrics, key -> MetricsRoutes.Access.ALLOWED)))
                .build()
                .start();
        if (!server.isRunning()) {
            server.stop();
            throw new StartupException("cannot listen for metrics on " + observe.metricsHost() + ":" + observe.metricsPort()
                    + ": the port is in use, or the address is not one of this machine's (see the error above)");
        }
        return server;
    }

    /** The API key generated at this start, when neither a configured nor a stored one existed. */
    public Optional<String> generatedApiKey() {
        return generatedApiKey;
    }

    /** How often Helidon looks for idle connections: often enough that a timeout is kept to within a quarter. */
    private static Duration idlePeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        Duration floor = Duration.ofMillis(100);
        Duration ceiling = Duration.ofSeconds(15);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }

    /**
     * Says it is stopping on {@code /readyz} for the drain delay, then stops taking requests,
     * finishes those in flight, writes queued logs, closes the database.
     */
    public void stop() {
        readiness.drain();
        if (drainDelay.isPositive()) {
            try {
                Thread.sleep(drainDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        webServer.stop();
        if (metricsServer != null) {
            metricsServer.stop();
        }
        guardian.shutdownNow();
        logWriter.close();
        limitCounters.close();
        catalog.close();
        database.close();
        metrics.close();
        tracing.close();
    }
}
