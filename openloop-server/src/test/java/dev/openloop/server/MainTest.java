package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as {@link Main} starts it: what it prints of its database URL leaves credentials
 * out, a node that cannot listen exits instead of hanging, and a node started by a test does not
 * outlive the process that started it.
 */
class MainTest {
    /**
     * How long a node started here may take to start, fail or stop. A bound against hanging, not a
     * speed: a new JVM migrating a new database took over 60 s on a machine loaded forty deep.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @Test
    void theDatabaseUrlIsPrintedWithoutItsParametersWhichMayHoldAPassword() {
        assertThat(Main.describe("jdbc:postgresql://db.internal:5432/openloop?user=openloop&password=s3cret&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/openloop?…");
    }

    @Test
    void userInfoIsHiddenToo() {
        assertThat(Main.describe("jdbc:postgresql://openloop:s3cret@db.internal/openloop"))
                .isEqualTo("jdbc:postgresql://…@db.internal/openloop");
    }

    @Test
    void aSqliteFileIsPrintedWhole() {
        assertThat(Main.describe("jdbc:sqlite:/var/lib/openloop/openloop.db")).isEqualTo("jdbc:sqlite:/var/lib/openloop/openloop.db");
    }

    @Test
    void aNodeOnAPortInUseExitsWithAClearMessageInsteadOfHanging() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (ServerProcess node = ServerProcess.launch(database,
                    Map.of("OPENLOOP_HOST", "127.0.0.1", "OPENLOOP_PORT", String.valueOf(port)), "port-taken")) {
                assertThat(node.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the node exits:\n" + node.output()).isTrue();
                assertThat(node.process().exitValue()).isEqualTo(1);
                assertThat(node.output())
                        .contains("openloop: cannot start: cannot listen on 127.0.0.1:" + port + ": the port is in use")
                        .doesNotContain("listening on");
            }
        }
    }

    @Test
    void aNodeStopsWhenTheProcessThatStartedItIsGone() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path output = database.dataDir().resolve("orphan.log");
            ProcessBuilder node = ServerProcess.main(database,
                    Map.of("OPENLOOP_PORT", String.valueOf(port), "OPENLOOP_API_KEY", "orphan-key-0123456789"), List.of());
            // A shell starts the node and reports its pid; killing the shell outright orphans the
            // node, as killing a test JVM orphans the nodes it started.
            List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" >\"$NODE_OUTPUT\" 2>&1 & echo $!; wait", "sh"));
            command.addAll(node.command());
            ProcessBuilder shell = new ProcessBuilder(command);
            shell.environment().putAll(node.environment());
            shell.environment().put("NODE_OUTPUT", output.toString());
            Process parent = shell.start();
            long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().strip());
            ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
            try {
                awaitHealthy(port, orphan);
                parent.destroyForcibly();
                assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThat(orphan.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS).isAlive()).isFalse();
                assertThat(Files.readString(output)).contains("the process that started this node is gone", "openloop: stopped");
            } finally {
                orphan.destroyForcibly();
                parent.destroyForcibly();
            }
        }
    }

    private static void awaitHealthy(int port, ProcessHandle node) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline) && node.isAlive()) {
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the node did not become healthy");
    }
}
