package dev.openloop.server.store;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations both dialects write alike live in one folder ({@link Dialect#SHARED_MIGRATIONS}); a
 * database migrated when every dialect had its own copy of each must still start: the versions,
 * names and checksums in its schema history are those the shared folder gives.
 */
class SharedMigrationsTest extends EveryStoreSuite {
    /** The SQL migrations up to V7 as each dialect's folder held them, one folder per dialect. */
    private static final List<String> SHARED = List.of("V2__projects_experiments_feedback.sql", "V3__log_list_order.sql",
            "V4__logs_by_trial.sql", "V5__key_revocation_and_session_log_order.sql", "V6__configs_by_project_use.sql");
    private static final List<String> OWN = List.of("V1__foundation.sql", "V7__log_search.sql");

    @TempDir
    Path oneFolder;

    @Test
    void aDatabaseMigratedFromOneFolderPerDialectStartsAndMigratesOn() throws IOException {
        Dialect dialect = store.name().equals("SQLITE") ? Dialect.SQLITE : Dialect.POSTGRESQL;
        for (String name : SHARED) {
            copy(Dialect.SHARED_MIGRATIONS + "/" + name, name);
        }
        for (String name : OWN) {
            copy(dialect.migrations() + "/" + name, name);
        }
        try (TestDatabase database = TestDatabase.create(store)) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), null, null)
                    .locations("filesystem:" + oneFolder)
                    .load()
                    .migrate();
            List<Map<String, Object>> before = history(database);
            assertThat(before).extracting(row -> row.get("version")).containsExactly("1", "2", "3", "4", "5", "6", "7");

            try (TestServer server = TestServer.startOn(database, Map.of())) {
                expect(server.get("/v4/projects"), 200);
            }

            List<Map<String, Object>> after = history(database);
            assertThat(after.subList(0, before.size())).isEqualTo(before);
            // Later migrations follow these; which they are is each migration's own test.
            assertThat(after.subList(0, 9)).extracting(row -> row.get("version"))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
            assertThat(after).allSatisfy(row -> assertThat(row.get("success")).isIn(true, 1));
        }
    }

    private void copy(String resource, String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, oneFolder.resolve(name));
        }
    }

    private static List<Map<String, Object>> history(TestDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT version, script, checksum, success FROM flyway_schema_history WHERE version IS NOT NULL"
                                + " ORDER BY installed_rank")
                .mapToMap()
                .list());
    }
}
