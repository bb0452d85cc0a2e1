package dev.openloop.server.store;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed statement says about itself, read without its message. A check before a write
 * cannot see a concurrent writer; a unique constraint can, so callers that must answer "taken"
 * (409) rather than fail ask {@link #isUniqueViolation}. Group commit asks
 * {@link #concernTheItems} whether a failed batch is worth retrying item by item. And a driver's
 * message holds the SQL and its bound values, so it goes neither to a caller nor to the log:
 * {@link #describe} does.
 */
public final class StoreFailures {
    /** PostgreSQL's (and the SQL standard's) state for a unique violation. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    /** SQLite's primary result codes that are about the values written (SQLite sets no SQLState). */
    private static final Set<Integer> SQLITE_DATA_ERRORS = Set.of(
            SQLiteErrorCode.SQLITE_CONSTRAINT.code,
            SQLiteErrorCode.SQLITE_MISMATCH.code,
            SQLiteErrorCode.SQLITE_TOOBIG.code,
            SQLiteErrorCode.SQLITE_RANGE.code);
    /** How deep a cause chain is searched; chains are short, and a cyclic one must not loop forever. */
    private static final int MAX_CAUSES = 16;

    private StoreFailures() {
    }

    /**
     * Whether {@code failure}, or anything it wraps (causes, and the chained exceptions of a JDBC
     * batch), is a unique or primary-key violation.
     */
    public static boolean isUniqueViolation(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return search(failure, seen);
    }

    private static boolean search(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (UNIQUE_VIOLATION_STATE.equals(sql.getSQLState())) {
                    return true;
                }
                if (sql.getNextException() != null && search(sql.getNextException(), seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A description of {@code failure} fit for the server's own log: the exception types and SQL
     * states along its causes, never their messages, which hold the statement and its values.
     */
    public static String describe(Throwable failure) {
        StringBuilder description = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (!description.isEmpty()) {
                description.append(" <- ");
            }
            description.append(t.getClass().getName());
            if (t instanceof SQLiteException sqlite) {
                description.append(" [").append(sqlite.getResultCode().name()).append(']');
            } else if (t instanceof SQLException sql && sql.getSQLState() != null) {
                description.append(" [SQL state ").append(sql.getSQLState()).append(']');
            }
        }
        return description.toString();
    }

    /**
     * Whether {@code failure} may be caused by one of the items written (a duplicate key, a value
     * that does not fit), so that writing each on its own could succeed for the others. A failure
     * of the database itself (unreachable, out of connections, locked, out of disk) fails every
     * item the same way, and each retry would wait as long as the first attempt did: a pool waits
     * its full connection timeout before it gives up on an unreachable database.
     *
     * <p>The first {@link SQLException} in the cause chain decides: SQLState class 22 (data
     * exception) or 23 (integrity constraint violation), or SQLite's equivalents, are about the
     * items; anything else the database says (class 08 connection failures, a pool that timed
     * out, serialization failures, a full disk) is not. A failure with no SQLException in it came
     * from the batch writer's own code on some item, so it counts as the items'. An
     * {@link Error} never does: it says nothing about the items.
     */
    static boolean concernTheItems(Throwable failure) {
        if (failure instanceof Error) {
            return false;
        }
        SQLException sql = firstSqlException(failure);
        return sql == null || isDataError(sql);
    }

    private static SQLException firstSqlException(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static boolean isDataError(SQLException sql) {
        if (sql instanceof SQLIntegrityConstraintViolationException || sql instanceof SQLDataException) {
            return true;
        }
        if (sql instanceof SQLiteException sqlite) {
            return SQLITE_DATA_ERRORS.contains(sqlite.getResultCode().code & 0xff);
        }
        String state = sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
