package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as an operator types it: help, versions, refusals, and where settings come from. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return Cli.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "keys", "keys list", "keys create", "keys revoke", "migrate", "version", "healthcheck"})
    void everyCommandHasHelpInPlainText(String command) {
        String[] args = (command + " --help").strip().split(" ");

        assertThat(run(Map.of(), args)).isEqualTo(Cli.OK);

        assertThat(out()).startsWith("Usage: openloop " + command).doesNotContain("\u001b");
        assertThat(err()).isEmpty();
    }

    @Test
    void serveListsAFlagForEverySettingButSecrets() {
        run(Map.of(), "serve", "--help");
        assertThat(out()).contains("--port=N", "--database-url=TEXT", "--database-sqlite-synchronous=full|normal",
                        "--provider-read-timeout-ms=MS", "--config=FILE", "(OPENLOOP_PORT; default: 8080)")
                .doesNotContain("--api-key=", "--openai-api-key");
    }

    @Test
    void versionSaysWhichOpenLoopAndWhichJava() {
        assertThat(run(Map.of(), "version")).isEqualTo(Cli.OK);
        assertThat(out()).matches("(?s)OpenLoop \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava " + Runtime.version().feature() + ".*");
        String version = out();
        assertThat(run(Map.of(), "--version")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo(version);
    }

    @Test
    void badCommandLinesGetTheUsageAndStatus2() {
        assertThat(run(Map.of(), "keys")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("openloop: a keys command is needed: list, create or revoke", "Usage: openloop keys");
        assertThat(run(Map.of(), "keys", "rotate")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("'rotate'", "Usage: openloop keys");
        assertThat(run(Map.of(), "keys", "revoke")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("KEY_ID");
        assertThat(run(Map.of(), "keys", "create", "--label", "x")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("Unknown options: '--label', 'x'");
        assertThat(run(Map.of(), "keys", "create", "--name", " ")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--name must not be blank");
        assertThat(run(Map.of(), "keys", "list", "extra")).isEqualTo(Cli.USAGE);
        assertThat(run(Map.of(), "start")).isEqualTo(Cli.USAGE);
        assertThat(out()).isEmpty();
    }

    @Test
    void aSettingWithABadValueStopsACommandWithStatus2BeforeItDoesAnything() throws IOException {
        assertThat(run(Map.of(), "serve", "--port", "eighty")).isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("openloop: --port must be an integer from 0 to 65535, not 'eighty'\n");

        Path config = Files.writeString(dir.resolve("openloop.yaml"), "database:\n  pool-size: 0\n");
        assertThat(run(Map.of("OPENLOOP_DATA_DIR", dir.resolve("data").toString()), "migrate", "--config", config.toString()))
                .isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("openloop: " + config + ": database.pool-size must be an integer from 1 to 2147483647, not 0\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theDataDirectoryComesFromTheFlagElseTheEnvironmentElseTheFile() throws IOException {
        Path fromFile = dir.resolve("file");
        Path fromEnv = dir.resolve("env");
        Path fromFlag = dir.resolve("flag");
        Path config = Files.writeString(dir.resolve("openloop.yaml"), "data-dir: " + fromFile + "\n");

        assertThat(run(Map.of("OPENLOOP_CONFIG", config.toString()), "migrate")).isEqualTo(Cli.OK);
        assertThat(fromFile.resolve("openloop.db")).exists();
        assertThat(run(Map.of("OPENLOOP_CONFIG", config.toString(), "OPENLOOP_DATA_DIR", fromEnv.toString()), "migrate"))
                .isEqualTo(Cli.OK);
        assertThat(fromEnv.resolve("openloop.db")).exists();
        assertThat(run(Map.of("OPENLOOP_DATA_DIR", fromEnv.toString()),
                "keys", "create", "--config", config.toString(), "--data-dir", fromFlag.toString())).isEqualTo(Cli.OK);
        assertThat(fromFlag.resolve("openloop.db")).exists();

        assertThat(run(Map.of(), "keys", "list", "--data-dir", fromFlag.toString())).isEqualTo(Cli.OK);
        assertThat(out()).contains("created with ./openloop keys create");
        assertThat(run(Map.of(), "keys", "list", "--data-dir", fromEnv.toString())).isEqualTo(Cli.OK);
        assertThat(out()).contains("No keys");
    }

    @Test
    void migrateAppliesWhatIsMissingThenFindsNothingToDo() {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            assertThat(run(database.env(), "migrate")).isEqualTo(Cli.OK);
            assertThat(out()).matches("Applied \\d+ migrations to jdbc:sqlite:.*; its schema is at version \\d+\\.\n");
            String version = out().replaceAll("(?s).*version (\\d+)\\.\n", "$1");
            // Versions are not contiguous (each task takes its own numbers), so the count is the first run's.
            int made = Integer.parseInt(out().replaceAll("(?s)Applied (\\d+) migrations.*", "$1"));

            assertThat(run(database.env(), "migrate")).isEqualTo(Cli.OK);
            assertThat(out()).endsWith(" is up to date, at version " + version + ".\n");
            int applied = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(made);
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsSaidWithoutTheUrlsParameters() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "");
        assertThat(run(Map.of(), "migrate", "--database-url", "jdbc:sqlite:" + notADirectory.resolve("openloop.db") + "?password=s3cret"))
                .isEqualTo(Cli.FAILED);
        assertThat(err()).startsWith("openloop: cannot open the database jdbc:sqlite:" + notADirectory.resolve("openloop.db") + "?…: ")
                .doesNotContain("s3cret");
    }

    @Test
    void healthcheckExitsZeroOnlyWhenTheNodeAnswers200() {
        try (TestServer server = TestServer.start()) {
            String port = String.valueOf(server.port());
            Map<String, String> listeningEverywhere = Map.of("OPENLOOP_HOST", "0.0.0.0", "OPENLOOP_PORT", port);

            assertThat(run(listeningEverywhere, "healthcheck", "--path", "/healthz")).isEqualTo(Cli.OK);
            assertThat(out()).isEqualTo("ready: http://127.0.0.1:" + port + "/healthz answered 200\n");
            assertThat(run(listeningEverywhere, "healthcheck", "--path", "/no-such-path")).isEqualTo(Cli.FAILED);
            assertThat(out()).contains("answered 404");
        }
        int closed = freePort();
        assertThat(run(Map.of(), "healthcheck", "--port", String.valueOf(closed))).isEqualTo(Cli.FAILED);
        assertThat(out()).startsWith("not ready: no answer from http://127.0.0.1:" + closed + "/readyz");
    }

    @Test
    void serveTakesItsPortAndKeyFromTheConfigFile() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            int port = freePort();
            Path config = Files.writeString(database.dataDir().resolve("openloop.yaml"), """
                    port: %d
                    api-key: "%s"
                    """.formatted(port, TestServer.API_KEY));
            Map<String, String> env = new HashMap<>(database.env());
            Process node = ServerProcess.main(database, env, List.of("serve", "--config", config.toString()))
                    .redirectOutput(database.dataDir().resolve("node.log").toFile())
                    .start();
            try {
                HttpResponse<String> projects = awaitAnswer(URI.create("http://127.0.0.1:" + port + "/v4/projects"), node);
                assertThat(projects.statusCode()).as(projects.body()).isEqualTo(200);
            } finally {
                node.destroyForcibly().waitFor();
            }
        }
    }

    private static HttpResponse<String> awaitAnswer(URI uri, Process node) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && node.isAlive()) {
            try {
                return client.send(HttpRequest.newBuilder(uri).header("X-API-KEY", TestServer.API_KEY).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the node did not answer" + (node.isAlive() ? "" : "; it exited with " + node.exitValue()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
