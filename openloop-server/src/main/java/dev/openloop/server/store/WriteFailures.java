package dev.openloop.server.store;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a failure caused by what was written (a duplicate key, a value that does not fit) from a
 * failure of the database itself (unreachable, out of connections, locked, out of disk). Only the
 * first kind is worth retrying item by item: the other fails every item the same way, and each
 * retry would wait as long as the first attempt did (a pool waits its full connection timeout
 * before it gives up on an unreachable database).
 */
final class WriteFailures {
    /** SQLite's primary result codes that are about the values written (SQLite sets no SQLState). */
    private static final Set<Integer> SQLITE_DATA_ERRORS = Set.of(
            SQLiteErrorCode.SQLITE_CONSTRAINT.code,
            SQLiteErrorCode.SQLITE_MISMATCH.code,
            SQLiteErrorCode.SQLITE_TOOBIG.code,
            SQLiteErrorCode.SQLITE_RANGE.code);
    /** How deep a cause chain is searched; chains are short, and a cyclic one must not loop forever. */
    private static final int MAX_CAUSES = 16;

    private WriteFailures() {
    }

    /**
     * Whether {@code failure} may be caused by one of the items written, so that writing each on
     * its own could succeed for the others.
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
