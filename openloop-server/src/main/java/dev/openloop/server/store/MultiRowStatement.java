package dev.openloop.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Writes a batch of rows as a few statements of many rows each instead of one statement per row:
 * an insert ({@code INSERT INTO t (...) VALUES (...), (...)}) or any statement that reads its rows
 * from a table of values ({@code WITH rows (...) AS (VALUES (...), (...)) UPDATE ... FROM rows}),
 * forms both stores take. It pays where a table's cost is per statement rather than per row:
 * SQLite's full-text index (FTS5, fed by triggers) writes what it gathered to a new segment of the
 * index at the end of every statement that changes it, so one statement per row wrote, and later
 * merged, one segment per row (docs/benchmarks.md, "Log writes"). For a plain table one statement
 * per row is as cheap (SQLite copies a many-row statement's values once more).
 *
 * <p>A batch is cut into statements of {@link #ROWS_PER_STATEMENT} rows, largest first: a batch of
 * up to 511 rows runs one statement per bit of its size, and a connection keeps at most one
 * prepared statement per size ({@link PreparedStatements}).
 *
 * @param <R> a row as its caller holds it
 */
public final class MultiRowStatement<R> {
    /** How many rows a statement holds, largest first; the smallest is 1, so that every count can be made. */
    static final int[] ROWS_PER_STATEMENT = {256, 128, 64, 32, 16, 8, 4, 2, 1};

    /** The most parameters a statement may have: SQLite's limit (PostgreSQL's is 65,535). */
    private static final int MOST_PARAMETERS = 32_766;

    /** Binds one row's values, in the order the statement names them, from {@code first} on. */
    @FunctionalInterface
    public interface RowBinder<R> {
        /** Binds {@code row}'s values to {@code statement}'s parameters {@code first}, {@code first + 1}, .... */
        void bind(PreparedStatement statement, int first, R row) throws SQLException;
    }

    private final int columns;
    private final String[] sql;
    private final RowBinder<R> binder;

    private MultiRowStatement(String before, int columns, String after, RowBinder<R> binder) {
        if (ROWS_PER_STATEMENT[0] * columns > MOST_PARAMETERS) {
            throw new IllegalArgumentException("too many values a row for statements of " + ROWS_PER_STATEMENT[0] + " rows: " + columns);
        }
        this.columns = columns;
        this.binder = binder;
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        this.sql = new String[ROWS_PER_STATEMENT.length];
        for (int i = 0; i < ROWS_PER_STATEMENT.length; i++) {
            sql[i] = before + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT[i], row)) + after;
        }
    }

    /** An insert of {@code columns} into {@code table}, each row's values bound by {@code binder}. */
    public static <R> MultiRowStatement<R> insert(String table, List<String> columns, RowBinder<R> binder) {
        return new MultiRowStatement<>("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ", columns.size(), "",
                binder);
    }

    /**
     * {@code statement}, run with the rows as a table of values named {@code name} with
     * {@code columns}, each row's values bound by {@code binder}.
     */
    public static <R> MultiRowStatement<R> withRows(String name, List<String> columns, String statement, RowBinder<R> binder) {
        return new MultiRowStatement<>("WITH " + name + " (" + String.join(", ", columns) + ") AS (VALUES ", columns.size(),
                ") " + statement, binder);
    }

    /**
     * Runs the statement for {@code rows}, in their order, with statements prepared once per
     * connection by {@code statements}. Nothing is committed here: a failing row fails the caller's
     * transaction.
     */
    public void run(PreparedStatements statements, Connection connection, List<R> rows) throws SQLException {
        int next = 0;
        for (int i = 0; i < ROWS_PER_STATEMENT.length && next < rows.size(); i++) {
            int size = ROWS_PER_STATEMENT[i];
            int statementsOfSize = (rows.size() - next) / size;
            if (statementsOfSize == 0) {
                continue;
            }
            PreparedStatement statement = statements.on(connection, sql[i]);
            for (int s = 0; s < statementsOfSize; s++) {
                for (int r = 0; r < size; r++) {
                    binder.bind(statement, r * columns + 1, rows.get(next++));
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
