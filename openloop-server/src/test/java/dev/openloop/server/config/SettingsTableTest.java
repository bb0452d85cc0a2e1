package dev.openloop.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The settings table is the one list of settings: README shows it, {@code ServerConfig} reads no
 * variable missing from it, and falls back to the table's defaults.
 */
class SettingsTableTest {

    @Test
    void readmesConfigurationTableIsTheSettingsTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = Settings.markdownTable();
        if (!readme.contains(table)) {
            Path expected = Path.of("target", "README-configuration-table.md");
            Files.writeString(expected, table);
            throw new AssertionError("README.md's configuration table is not the one Settings.ALL makes; "
                    + "replace it with " + expected.toAbsolutePath());
        }
    }

    @Test
    void everyVariableServerConfigReadsIsInTheTable() {
        Set<String> read = new TreeSet<>();
        ServerConfig.fromEnvironment(new AbstractMap<>() {
            @Override
            public String get(Object name) {
                read.add((String) name);
                return null;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        });

        assertThat(read).isNotEmpty();
        assertThat(read).allSatisfy(name -> assertThat(Settings.byEnv(name))
                .as(name + " is read by ServerConfig: add it to Settings.ALL").isPresent());
    }

    @Test
    void theTablesDefaultsAreTheOnesServerConfigFallsBackTo() {
        ServerConfig fromCode = ServerConfig.fromEnvironment(Map.of());
        ServerConfig fromTable = ServerConfig.fromEnvironment(SettingSources.resolve(Map.of(), null, Map.of()));

        assertThat(fromTable).isEqualTo(fromCode);
    }

    @Test
    void namesAreUniqueAndFlagsComeFromFileKeys() {
        assertThat(Settings.ALL.stream().map(Setting::env).distinct()).hasSameSizeAs(Settings.ALL);
        assertThat(Settings.ALL.stream().map(Setting::fileKey).distinct()).hasSameSizeAs(Settings.ALL);
        assertThat(Settings.byFileKey("database.url").orElseThrow().flag()).isEqualTo("--database-url");
        assertThat(Settings.ALL).filteredOn(Setting::secret).allSatisfy(secret -> assertThat(secret.flag()).isNull())
                .extracting(Setting::env).contains("OPENLOOP_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY");
    }
}
