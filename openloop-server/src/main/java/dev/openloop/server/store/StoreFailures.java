package dev.openloop.server.store;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed statement says about itself, read without its message. A check before a write
 * cannot see a concurrent writer; a unique constraint can, so callers that must answer "taken"
 * (409) rather than fail ask {@link #isUniqueViolation}. And a driver's message holds the SQL and
 * its bound values, so it goes neither to a caller nor to the log: {@link #describe} does.
 */
public final class StoreFailures {
    /** PostgreSQL's (and the SQL standard's) state for a unique violation. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";

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
}
