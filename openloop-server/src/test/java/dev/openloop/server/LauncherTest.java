package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./openloop} launcher, run on a project of its own in a temporary directory: real
 * Maven builds it, with the launcher's output going to a pipe, as in CI or a log file.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "openloop").toAbsolutePath().normalize();

    @TempDir
    Path project;

    @Test
    void outputToAPipeHasNoTerminalCodes() throws Exception {
        Files.copy(LAUNCHER, project.resolve("openloop"));
        project.resolve("openloop").toFile().setExecutable(true);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.openloop.launcher-test</groupId>
                  <artifactId>empty</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                </project>
                """);
        Files.createDirectories(project.resolve("openloop-server/target"));

        Process build = new ProcessBuilder("./openloop", "build")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        build.getOutputStream().close();
        byte[] output = build.getInputStream().readAllBytes();
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = new String(output, StandardCharsets.UTF_8);

        assertThat(build.exitValue()).as(printed).isZero();
        assertThat(printed).as("it built").contains("openloop: building");
        assertThat(printed).as("no escape sequences").doesNotContain("\u001b");
    }
}
