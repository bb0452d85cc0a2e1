package dev.openloop.server;

import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.limit.LimitRules;
import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.catalog.ProviderCatalog;
import dev.openloop.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node's stores and core, wired as {@code OpenLoopServer} wires them but without the web server:
 * SQLite in a fresh temporary directory (deleted on close), the OpenAI provider pointed at a port
 * nothing listens on (the benchmarks never call it). It lives in the server's own package because
 * {@link Resources} is package-private there; the benchmarks take from it only what they measure.
 */
public final class BenchNode implements AutoCloseable {
    private final Path dir;
    private final ServerConfig config;
    private final Database database;
    private final Resources resources;
    private final LogWriter logWriter;
    private final ProviderRegistry providers;
    private final LimitGate gate;
    private final ChatCore core;

    private BenchNode(Path dir) {
        this.dir = dir;
        this.config = ServerConfig.fromEnvironment(Map.of(
                "OPENLOOP_DATA_DIR", dir.toString(),
                "OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_API_KEY", "sk-bench-not-a-real-key"));
        this.database = Database.open(config.databaseUrl(), config.dbPoolSize(), config.sqliteSync());
        this.logWriter = new LogWriter(database.jdbi(), database.dialect());
        // One node on its own SQLite file: its own changes are all the catalog sees.
        this.resources = Resources.open(database, Catalog.local(), config);
        this.providers = ProviderCatalog.standard(config.providers());
        this.gate = new LimitGate(new LimitRules(database.jdbi()), config.limitSettings().counters(),
                config.limitSettings().failOpen(), Clock.systemUTC(), config.limitSettings().rulesTtl());
        this.core = V4Routes.chat(resources, config, logWriter, providers, new SpendMetrics(new SimpleMeterRegistry()),
                gate);
    }

    /** A node on a new temporary SQLite database. */
    public static BenchNode open() {
        try {
            return new BenchNode(Files.createTempDirectory("openloop-jmh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    public LimitGate gate() {
        return gate;
    }

    public LogWriter logWriter() {
        return logWriter;
    }

    public ChatCore core() {
        return core;
    }

    public dev.openloop.server.chat.LogPlacement placement() {
        return resources.placement();
    }

    public dev.openloop.server.modelconfig.ModelConfigStore configs() {
        return resources.configs();
    }

    public dev.openloop.server.experiment.Experiments experiments() {
        return resources.experiments();
    }

    public dev.openloop.server.project.ProjectStore projects() {
        return resources.projects();
    }

    public dev.openloop.server.environment.EnvironmentStore environments() {
        return resources.environments();
    }

    public dev.openloop.server.deployment.DeploymentStore deployments() {
        return resources.deployments();
    }

    @Override
    public void close() {
        logWriter.close();
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
