package dev.openloop.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.testkit.OpenLoopNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples are what the docs show, and the minimal program runs: docs and code cannot drift
 * apart, and a broken example fails the build.
 */
class ExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = Path.of("src/main/java/dev/openloop/examples");
    /** A code block the docs mark as the body of an example: {@code <!-- example: Name -->} then a java block. */
    private static final Pattern MARKED = Pattern.compile("<!-- example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleTheDocsShowIsCompiledHere() throws IOException {
        List<String> shown = new ArrayList<>();
        for (Path doc : List.of(ROOT.resolve("docs/sdk.md"), ROOT.resolve("README.md"))) {
            Matcher block = MARKED.matcher(Files.readString(doc));
            while (block.find()) {
                String source = Files.readString(SOURCES.resolve(block.group(1) + ".java"));
                assertThat(lines(source)).as(doc.getFileName() + " shows " + block.group(1))
                        .containsSubsequence(lines(block.group(2)));
                assertThat(String.join("\n", lines(source))).as(doc.getFileName() + " shows " + block.group(1))
                        .contains(String.join("\n", lines(block.group(2))));
                shown.add(block.group(1));
            }
        }
        assertThat(shown).contains("CreateExample", "CreateDeployedExample", "CreateExperimentExample",
                "CreateModelConfigExample", "Hello");
    }

    @Test
    void theMinimalProgramAnswersWithOnlyTheEnvironmentToSetItUp() throws Exception {
        try (OpenLoopNode node = OpenLoopNode.start()) {
            ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Hello.class.getName())
                    .redirectErrorStream(true);
            java.environment().put("HUMANLOOP_API_KEY", OpenLoopNode.API_KEY);
            java.environment().put("HUMANLOOP_BASE_URL", node.basePath());
            Process process = java.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output.strip()).isEqualTo("Mock response to: Hello!");
        }
    }

    /** The lines without their indentation, blank ones left out: docs indent code as they like. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
