package dev.openloop.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code logs} table has one owner, the {@code chatlog} package ({@code LogStore} and
 * {@code LogWriter}): no SQL elsewhere in the server's main sources names it or the tables kept
 * with it (its searched texts, each log's current feedback), and the owner depends on no feature
 * above it, so that every feature can ask it.
 */
class LogsHaveOneOwnerTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path OWNER = MAIN.resolve("dev/openloop/server/chatlog");
    /** SQL that reads or writes one of the tables of logs. */
    private static final Pattern LOG_SQL = Pattern.compile(
            "(?i)\\b(from|join|into|update|table)\\s+(logs|log_search|log_search_index|log_current_feedback)\\b");

    @Test
    void noSqlOutsideTheOwnerNamesTheTablesOfLogs() throws IOException {
        assertThat(MAIN.resolve("dev/openloop/server")).as("run from the server module").isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (file.startsWith(OWNER)) {
                    continue;
                }
                for (String literal : stringLiterals(Files.readString(file))) {
                    Matcher sql = LOG_SQL.matcher(literal);
                    if (sql.find()) {
                        found.add(MAIN.relativize(file) + ": " + sql.group());
                    }
                }
            }
        }
        assertThat(found).as("SQL on logs outside chatlog; ask LogStore instead").isEmpty();
    }

    @Test
    void theScanSeesSqlInStringsAndTextBlocksButNotInComments() {
        String source = """
                // SELECT id FROM logs in a comment
                /* UPDATE logs SET x = 1 */
                String a = "SELECT id FROM logs WHERE id = ?";
                String b = \"""
                        DELETE FROM
                            log_search WHERE log_id = ?\""";
                char c = '"';
                String d = "from the logs, a sentence";
                """;
        List<String> literals = stringLiterals(source);
        assertThat(literals.stream().filter(literal -> LOG_SQL.matcher(literal).find())).hasSize(2);
        assertThat(literals).contains("from the logs, a sentence");
    }

    @Test
    void theOwnerDependsOnNoFeatureAboveIt() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.chatlog..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.openloop.server.chat..", "dev.openloop.server.door..", "dev.openloop.server.project..",
                        "dev.openloop.server.session..", "dev.openloop.server.experiment..", "dev.openloop.server.feedback..",
                        "dev.openloop.server.modelconfig..", "dev.openloop.server.environment..",
                        "dev.openloop.server.deployment..")
                .because("every feature that reads logs asks the owner, which would otherwise form a cycle");
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.openloop.server"));
    }

    /** The contents of the string literals and text blocks of Java source {@code text}, comments left out. */
    static List<String> stringLiterals(String text) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? text.length() : end;
                literals.add(text.substring(i + 3, end));
                i = Math.min(text.length(), end + 3);
            } else if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
                char quote = text.charAt(i);
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != quote) {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    literal.append(text.charAt(j));
                    j++;
                }
                if (quote == '"') {
                    literals.add(literal.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }
}
