package dev.openloop.server.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed statement says about itself, read without its message. A check before a write
 * cannot see a concurrent writer; a unique constraint can, so callers that must answer "taken"
 * (409) rather than fail ask {@link #isUniqueViolation}. Whoever may write again asks
 * {@link #kindOf}: group commit whether to retry a failed batch whole, item by item or not at
 * all, {@link Transactions} whether to run a transaction again, the error mapping whether the
 * answer is a 503 to retry. And a driver's message holds the SQL and its bound values, so it
 * goes neither to a caller nor to the log: {@link #describe} does.
 */
public final class StoreFailures {
    /** PostgreSQL's (and the SQL standard's) state for a unique violation. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    /**
     * The one state of class 40 (transaction rollback) that is about what was written: a deferred
     * constraint that failed at commit. Running the transaction again would fail it again.
     */
    private static final String DEFERRED_CONSTRAINT_STATE = "40002";
    /** PostgreSQL's state for a server that has no connection slot left. */
    private static final String TOO_MANY_CONNECTIONS_STATE = "53300";
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

    /** What a failed write says about writing it again. */
    public enum Kind {
        /**
         * The values written may be at fault (a duplicate key, a value that does not fit), or
         * nothing says otherwise: each item written on its own may succeed.
         */
        ITEMS,
        /**
         * The database rolled the transaction back to let a concurrent one go on (SQLState class
         * 40: a deadlock, a serialization failure). Nothing of it was kept, and running it again
         * almost always succeeds: the transaction it lost to has ended by then.
         */
        CONFLICT,
        /**
         * SQLite's one write lock stayed with another connection for the whole busy timeout. The
         * lock is the whole file's, so writing fewer items at once would wait just as long.
         */
        BUSY,
        /**
         * The database cannot be reached, or gave no connection in time (SQLState class 08, a pool
         * that timed out, a server shutting down): until it is back every write fails the same
         * way, each after as long a wait.
         */
        UNAVAILABLE
    }

    /**
     * The {@link Kind} of {@code failure}. The first {@link SQLException} in the cause chain
     * decides (or, when it carries no state, the first state in its chain of next exceptions, as
     * a failed JDBC batch holds it). A failure with no SQLException in it came from the writer's
     * own code on some item, so it counts as the items'.
     */
    public static Kind kindOf(Throwable failure) {
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return Kind.ITEMS;
        }
        if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException) {
            return Kind.UNAVAILABLE;
        }
        if (sql instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                    ? Kind.BUSY : Kind.ITEMS;
        }
        String state = stateOf(sql);
        if (state == null) {
            return Kind.ITEMS;
        }
        if (state.startsWith("40") && !state.equals(DEFERRED_CONSTRAINT_STATE)) {
            return Kind.CONFLICT;
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.equals(TOO_MANY_CONNECTIONS_STATE)) {
            return Kind.UNAVAILABLE;
        }
        return Kind.ITEMS;
    }

    /** The SQLState of {@code sql}, or of the first exception chained to it that has one. */
    private static String stateOf(SQLException sql) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SQLException e = sql; e != null && seen.add(e); e = e.getNextException()) {
            if (e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
    }

    /**
     * Whether {@code failure} came from the database or its driver: a Jdbi or JDBC exception is
     * in its cause chain. Its messages then hold SQL and bound values, so it is logged through
     * {@link #describe} only.
     */
    public static boolean involvesTheDatabase(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException || t instanceof JdbiException) {
                return true;
            }
        }
        return false;
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

}
