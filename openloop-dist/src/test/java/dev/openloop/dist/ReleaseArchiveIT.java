package dev.openloop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openloop-<version>.tar.gz} as an operator gets it: unpacked into an empty directory, away
 * from the sources and Maven, and started with its own script.
 */
class ReleaseArchiveIT {
    private static final String VERSION = System.getProperty("openloop.version");

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Commands.runOk(List.of("tar", "-xzf", System.getProperty("release.archive"), "-C", unpacked.toString()));
        home = unpacked.resolve("openloop-" + VERSION);
    }

    private static ProcessBuilder script(Path workingDir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/openloop").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        // The Java running the tests; the script checks that it is 21 or newer.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    @Test
    void itHoldsTheScriptTheJarsAndTheDocs() {
        assertThat(home.resolve("bin/openloop")).isExecutable();
        assertThat(home.resolve("lib")).isDirectoryContaining("glob:**/openloop-server-" + VERSION + ".jar")
                .isDirectoryContaining("glob:**/picocli-*.jar");
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("deploy/compose.yaml")).isRegularFile();
        assertThat(home.resolve("openloop.example.yaml")).isRegularFile();
    }

    @Test
    void itSaysItsVersion() throws Exception {
        Commands.Finished version = Commands.run(script(unpacked, "version"));
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("OpenLoop " + VERSION + "\n");
    }

    @Test
    void itServesChatsFromTheMockProviderAndStopsOnSigterm() throws Exception {
        Path workingDir = Files.createDirectories(unpacked.resolve("run"));
        int port = Node.freePort();
        ProcessBuilder serve = script(workingDir, "serve", "--config", home.resolve("openloop.example.yaml").toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port));
        serve.environment().putAll(Map.of(
                "OPENLOOP_API_KEY", Node.API_KEY,
                // A node the tests start stops when the test JVM is gone.
                "OPENLOOP_JAVA_OPTS", "-Dopenloop.exitWithParent=true"));

        try (Node node = Node.start(serve, workingDir.resolve("node.log"), port)) {
            HttpResponse<String> chat = node.chat();
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("\"data\"", "\"output\"", "\"project_id\"");

            node.stop();
            assertThat(node.output()).contains("openloop: stopped");
        }
        assertThat(workingDir.resolve("data/openloop.db")).as("the example's data-dir, ./data").isRegularFile();
    }
}
