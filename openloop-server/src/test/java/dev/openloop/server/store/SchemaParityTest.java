package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The two migration folders build the same schema: the same tables, columns (name, type, whether
 * null is allowed) and indexes, whatever each dialect calls its types.
 */
class SchemaParityTest {
    /** Each dialect's name of a type, as the one both mean. */
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("text", "text"),
            Map.entry("bigint", "bigint"), Map.entry("int8", "bigint"),
            Map.entry("integer", "integer"), Map.entry("int4", "integer"),
            Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
            Map.entry("real", "double"), Map.entry("double precision", "double"), Map.entry("float8", "double"));

    @Test
    void bothMigrationFoldersBuildTheSameSchema() throws SQLException {
        try (TestDatabase sqlite = TestDatabase.create(TestStore.SQLITE);
                TestDatabase postgres = TestDatabase.create(TestStore.POSTGRESQL)) {
            Database.open(sqlite.jdbcUrl(), 2, Database.SqliteSync.FULL).close();
            Database.open(postgres.jdbcUrl(), 2, Database.SqliteSync.FULL).close();

            Map<String, String> sqliteSchema = schema(sqlite);
            Map<String, String> postgresSchema = schema(postgres);

            assertThat(sqliteSchema.keySet()).as("tables").contains("logs", "projects", "api_keys");
            assertThat(postgresSchema).isEqualTo(sqliteSchema);
        }
    }

    /** Table name → a description of its columns and indexes. */
    private static Map<String, String> schema(TestDatabase database) throws SQLException {
        return database.jdbi().withHandle(h -> {
            Connection connection = h.getConnection();
            DatabaseMetaData meta = connection.getMetaData();
            String schema = database.store() == TestStore.POSTGRESQL ? "public" : null;
            Map<String, String> tables = new TreeMap<>();
            try (ResultSet rows = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    String table = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!table.equals("flyway_schema_history") && !table.startsWith("sqlite_")) {
                        tables.put(table, describe(meta, schema, rows.getString("TABLE_NAME")));
                    }
                }
            }
            return tables;
        });
    }

    private static String describe(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Set<String> primaryKey = new TreeSet<>();
        try (ResultSet rows = meta.getPrimaryKeys(null, schema, table)) {
            while (rows.next()) {
                primaryKey.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(null, schema, table, "%")) {
            while (rows.next()) {
                String column = rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                String type = rows.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                // SQLite lets a non-integer primary key hold null unless told otherwise; PostgreSQL
                // never does. Neither ever stores one, so a key column's nullability is not compared.
                boolean nullable = !primaryKey.contains(column) && rows.getInt("NULLABLE") == DatabaseMetaData.columnNullable;
                columns.add(column + " " + TYPES.getOrDefault(type, "unmapped type " + type) + (nullable ? "" : " not null"));
            }
        }
        columns.sort(null);
        Map<String, List<String>> indexes = new TreeMap<>();
        Map<String, List<String>> uniqueIndexes = new TreeMap<>();
        try (ResultSet rows = meta.getIndexInfo(null, schema, table, false, false)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                if (index == null) {
                    continue;
                }
                String column = rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                if (!rows.getBoolean("NON_UNIQUE")) {
                    uniqueIndexes.computeIfAbsent(index, name -> new ArrayList<>()).add(column);
                } else {
                    indexes.computeIfAbsent(index.toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(column);
                }
            }
        }
        // The indexes behind PRIMARY KEY and UNIQUE are named differently by each dialect: only
        // their columns are compared.
        Set<String> unique = new TreeSet<>();
        uniqueIndexes.values().forEach(key -> unique.add(key.toString()));
        return "primary key " + primaryKey + "; columns " + columns + "; unique " + unique + "; indexes " + indexes;
    }
}
