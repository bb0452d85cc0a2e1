package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The two migration folders build the same schema: the same tables, columns (name, type, whether
 * null is allowed), primary keys, foreign keys (what they reference, and what a delete or an update
 * of the referenced row does) and indexes (their columns in order, and the predicate of a partial
 * index), whatever each dialect calls its types and however it spells a predicate.
 */
class SchemaParityTest {
    /** Each dialect's name of a type, as the one both mean. */
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("text", "text"),
            Map.entry("bigint", "bigint"), Map.entry("int8", "bigint"),
            Map.entry("integer", "integer"), Map.entry("int4", "integer"),
            Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
            Map.entry("real", "double"), Map.entry("double precision", "double"), Map.entry("float8", "double"));

    /** JDBC's codes of what a foreign key does when the referenced row goes or changes. */
    private static final Map<Integer, String> RULES = Map.of(
            DatabaseMetaData.importedKeyCascade, "cascade",
            DatabaseMetaData.importedKeyRestrict, "restrict",
            DatabaseMetaData.importedKeySetNull, "set null",
            DatabaseMetaData.importedKeyNoAction, "no action",
            DatabaseMetaData.importedKeySetDefault, "set default");
    /**
     * Each store's own text index of {@code log_search}, which the other has no counterpart of:
     * SQLite's FTS5 table (with the tables FTS5 keeps it in) and PostgreSQL's trigram index. The
     * two give the same answers, which LogValueSearchTest checks on both stores.
     */
    private static final String SQLITE_SEARCH_INDEX = "log_search_index";
    private static final String POSTGRES_SEARCH_INDEX = "log_search_body";
    /** The predicate at the end of SQLite's CREATE INDEX statement. */
    private static final Pattern SQLITE_WHERE = Pattern.compile("\\bWHERE\\b(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

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
                    if (!table.equals("flyway_schema_history") && !table.startsWith("sqlite_")
                            && !table.startsWith(SQLITE_SEARCH_INDEX)) {
                        tables.put(table, describe(connection, meta, schema, rows.getString("TABLE_NAME")));
                    }
                }
            }
            return tables;
        });
    }

    private static String describe(Connection connection, DatabaseMetaData meta, String schema, String table)
            throws SQLException {
        Set<String> primaryKey = new TreeSet<>();
        try (ResultSet rows = meta.getPrimaryKeys(null, schema, table)) {
            while (rows.next()) {
                primaryKey.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        List<String> columns = new ArrayList<>();
        String rowidKey = null;
        try (ResultSet rows = meta.getColumns(null, schema, table, "%")) {
            while (rows.next()) {
                String column = rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                String type = rows.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                // SQLite lets a non-integer primary key hold null unless told otherwise; PostgreSQL
                // never does. Neither ever stores one, so a key column's nullability is not compared.
                boolean nullable = !primaryKey.contains(column) && rows.getInt("NULLABLE") == DatabaseMetaData.columnNullable;
                // SQLite's INTEGER PRIMARY KEY is the table's 64-bit rowid: a bigint, unique without an index.
                if (schema == null && type.equals("integer") && primaryKey.equals(Set.of(column))) {
                    rowidKey = column;
                }
                String mapped = column.equals(rowidKey) ? "bigint" : TYPES.getOrDefault(type, "unmapped type " + type);
                columns.add(column + " " + mapped + (nullable ? "" : " not null"));
            }
        }
        columns.sort(null);
        Map<String, List<String>> indexes = new TreeMap<>();
        Map<String, List<String>> uniqueIndexes = new TreeMap<>();
        try (ResultSet rows = meta.getIndexInfo(null, schema, table, false, false)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                if (index == null || index.equalsIgnoreCase(POSTGRES_SEARCH_INDEX)) {
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
        Map<String, String> partial = new TreeMap<>();
        for (String index : indexes.keySet()) {
            predicate(connection, meta, schema, table, index).ifPresent(where -> partial.put(index, where));
        }
        // The indexes behind PRIMARY KEY and UNIQUE are named differently by each dialect: only
        // their columns (and predicates) are compared.
        Set<String> unique = new TreeSet<>();
        if (rowidKey != null) {
            unique.add(List.of(rowidKey).toString());
        }
        for (Map.Entry<String, List<String>> key : uniqueIndexes.entrySet()) {
            unique.add(key.getValue() + predicate(connection, meta, schema, table, key.getKey()).map(where -> " where " + where).orElse(""));
        }
        return "primary key " + primaryKey + "; columns " + columns + "; foreign keys " + foreignKeys(meta, schema, table)
                + "; unique " + unique + "; indexes " + indexes + "; partial indexes " + partial;
    }

    /**
     * Each foreign key as "columns -> table(columns) on delete RULE on update RULE". JDBC lists a
     * key's columns in order, each row with its position in the key, starting at 1.
     */
    private static Set<String> foreignKeys(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Set<String> keys = new TreeSet<>();
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        String referenced = null;
        String rules = null;
        try (ResultSet rows = meta.getImportedKeys(null, schema, table)) {
            while (rows.next()) {
                if (rows.getShort("KEY_SEQ") == 1 && referenced != null) {
                    keys.add(from + " -> " + referenced + to + rules);
                    from.clear();
                    to.clear();
                }
                referenced = rows.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                rules = " on delete " + RULES.get((int) rows.getShort("DELETE_RULE"))
                        + " on update " + RULES.get((int) rows.getShort("UPDATE_RULE"));
                from.add(rows.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT));
                to.add(rows.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        if (referenced != null) {
            keys.add(from + " -> " + referenced + to + rules);
        }
        return keys;
    }

    /**
     * The predicate of a partial index, normalised: PostgreSQL reports its own rendering
     * ({@code (status = 'streaming'::text)}), SQLite only the statement that created the index.
     */
    private static Optional<String> predicate(Connection connection, DatabaseMetaData meta, String schema, String table,
            String index) throws SQLException {
        String where = null;
        if (schema == null) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND lower(name) = ?")) {
                statement.setString(1, index.toLowerCase(Locale.ROOT));
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next() && rows.getString(1) != null) {
                        Matcher clause = SQLITE_WHERE.matcher(rows.getString(1));
                        where = clause.find() ? clause.group(1) : null;
                    }
                }
            }
        } else {
            try (ResultSet rows = meta.getIndexInfo(null, schema, table, false, false)) {
                while (rows.next()) {
                    if (index.equalsIgnoreCase(rows.getString("INDEX_NAME")) && rows.getString("FILTER_CONDITION") != null) {
                        where = rows.getString("FILTER_CONDITION");
                    }
                }
            }
        }
        if (where == null) {
            return Optional.empty();
        }
        String normalised = where.toLowerCase(Locale.ROOT)
                .replaceAll("::(character varying|[a-z_]+)", "") // PostgreSQL casts its literals: 'streaming'::text
                .replaceAll("[()]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return Optional.of(normalised);
    }
}
