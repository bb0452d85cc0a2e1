package dev.openloop.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a setting's value comes from (a flag, else the environment, else the config file, else the
 * default), and what a config file that cannot be used is told.
 */
class SettingSourcesTest {
    private static final Setting PORT = Settings.byEnv("OPENLOOP_PORT").orElseThrow();

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("openloop.yaml"), yaml);
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws IOException {
        Path file = file("""
                port: 9001
                host: 10.0.0.1
                database:
                  pool-size: 5
                """);
        Map<String, String> env = Map.of("OPENLOOP_PORT", "9002", "OPENLOOP_HOST", "10.0.0.2");

        Map<String, String> resolved = SettingSources.resolve(env, file, Map.of(PORT, "9003"));

        assertThat(resolved)
                .containsEntry("OPENLOOP_PORT", "9003")
                .containsEntry("OPENLOOP_HOST", "10.0.0.2")
                .containsEntry("OPENLOOP_DB_POOL_SIZE", "5")
                .containsEntry("OPENLOOP_SHUTDOWN_GRACE_MS", "30000")
                .doesNotContainKey("OPENLOOP_NODE_ID");
    }

    @Test
    void anEmptyVariableIsUnsetSoTheFileAppliesAndVariablesOutsideTheTablePassThrough() throws IOException {
        Map<String, String> resolved = SettingSources.resolve(
                Map.of("OPENLOOP_PORT", " ", "OPENLOOP_SOMETHING_NEW", "kept", "PATH", "/bin"), file("port: 9001\n"), Map.of());

        assertThat(resolved).containsEntry("OPENLOOP_PORT", "9001")
                .containsEntry("OPENLOOP_SOMETHING_NEW", "kept")
                .containsEntry("PATH", "/bin");
    }

    @Test
    void aDottedKeyMayBeWrittenWholeAndAKeyWithoutAValueIsUnset() throws IOException {
        Map<String, String> resolved = SettingSources.resolve(Map.of(), file("""
                database.url: jdbc:postgresql://db/openloop
                openai:
                  api-key:
                  base-url: http://127.0.0.1:9/v1
                """), Map.of());

        assertThat(resolved)
                .containsEntry("OPENLOOP_DATABASE_URL", "jdbc:postgresql://db/openloop")
                .containsEntry("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
                .doesNotContainKey("OPENAI_API_KEY");
    }

    @Test
    void wordsAreTakenInAnyCase() throws IOException {
        assertThat(SettingSources.resolve(Map.of(), file("database:\n  sqlite-synchronous: NORMAL\n"), Map.of()))
                .containsEntry("OPENLOOP_SQLITE_SYNCHRONOUS", "normal");
    }

    @Test
    void badValuesAreNamedByTheirSource() throws IOException {
        assertThatThrownBy(() -> SettingSources.resolve(Map.of("OPENLOOP_PORT", "eighty"), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OPENLOOP_PORT must be an integer from 0 to 65535, not 'eighty'");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), null, Map.of(PORT, "70000")))
                .hasMessage("--port must be an integer from 0 to 65535, not 70000");
        Path file = file("port: 70000\n");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file, Map.of()))
                .hasMessage(file + ": port must be an integer from 0 to 65535, not 70000");
    }

    @Test
    void theFileIsCheckedEvenWhereAFlagOrVariableWins() throws IOException {
        Path file = file("port: -1\n");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of("OPENLOOP_PORT", "8081"), file, Map.of(PORT, "8082")))
                .hasMessageContaining("port must be an integer from 0 to 65535, not -1");
    }

    @Test
    void valuesOfTheWrongTypeAreNotCoerced() throws IOException {
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("port: \"8080\"\n"), Map.of()))
                .hasMessageEndingWith("port must be an integer from 0 to 65535, not the text '8080'");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("shutdown-grace-ms: 1.5\n"), Map.of()))
                .hasMessageEndingWith("shutdown-grace-ms must be a number of milliseconds, zero or more, not the number 1.5");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("node-id: 7\n"), Map.of()))
                .hasMessageEndingWith("node-id must be text, not the number 7 (put it in quotes)");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("host: [a, b]\n"), Map.of()))
                .hasMessageEndingWith("host must be text, not a list");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("database:\n  sqlite-synchronous: fast\n"), Map.of()))
                .hasMessageEndingWith("database.sqlite-synchronous must be full or normal, not 'fast'");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("database:\n  sqlite-synchronous: off\n"), Map.of()))
                .hasMessageEndingWith("database.sqlite-synchronous must be full or normal, not the boolean false"
                        + " (YAML reads yes, no, on and off as booleans: put the word in quotes)");
    }

    @Test
    void aSecretIsNeverRepeatedInAnError() throws IOException {
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("openai:\n  api-key: 123456789\n"), Map.of()))
                .hasMessageEndingWith("openai.api-key must be text")
                .hasMessageNotContaining("123456789");
    }

    @Test
    void unknownKeysAreNamedWithTheKeysThatExist() throws IOException {
        Path file = file("database:\n  uri: jdbc:sqlite:x\n");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file, Map.of()))
                .hasMessageStartingWith(file + ": unknown key database.uri (the keys under database: database.url,");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("prot: 8080\n"), Map.of()))
                .hasMessageContaining("unknown key prot (the keys: host, port,");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("database: jdbc:sqlite:x\n"), Map.of()))
                .hasMessageContaining("database is a section (of database.url,");
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("port: 1\nport: 2\n"), Map.of()))
                .hasMessageContaining("Duplicate field 'port'");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("database.url: a\ndatabase:\n  url: b\n"), Map.of()))
                .hasMessageEndingWith("database.url is given twice");
    }

    @Test
    void aFileThatIsNotSettingsIsRefusedWithWhere() throws IOException {
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("port: [1\n"), Map.of()))
                .hasMessageContaining("not valid YAML at line ");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), file("- port\n"), Map.of()))
                .hasMessageContaining("must hold settings as 'key: value' lines");
        assertThatThrownBy(() -> SettingSources.resolve(Map.of(), dir.resolve("missing.yaml"), Map.of()))
                .hasMessage(dir.resolve("missing.yaml") + ": no such config file");
    }

    @Test
    void anEmptyFileSetsNothing() throws IOException {
        assertThat(SettingSources.resolve(Map.of(), file("# nothing yet\n"), Map.of()))
                .containsEntry("OPENLOOP_PORT", "8080");
    }

    @Test
    void theFileIsNamedByTheFlagElseByTheVariable() {
        Map<String, String> env = Map.of(SettingSources.CONFIG_VARIABLE, "/etc/openloop/openloop.yaml");
        assertThat(SettingSources.configFile("local.yaml", env)).isEqualTo(Path.of("local.yaml"));
        assertThat(SettingSources.configFile(null, env)).isEqualTo(Path.of("/etc/openloop/openloop.yaml"));
        assertThat(SettingSources.configFile(null, Map.of())).isNull();
    }
}
