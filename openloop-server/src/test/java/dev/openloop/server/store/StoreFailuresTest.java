package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * How failures are told apart, on the exceptions the drivers, the pool and Jdbi throw: what
 * decides whether group commit and request transactions write again, and how.
 */
class StoreFailuresTest {
    private static StoreFailures.Kind kindOf(SQLException failure) {
        return StoreFailures.kindOf(new UnableToExecuteStatementException(failure, null));
    }

    @Test
    void deadlocksAndSerializationFailuresAreConflicts() {
        assertThat(kindOf(new SQLException("deadlock detected", "40P01"))).isEqualTo(StoreFailures.Kind.CONFLICT);
        assertThat(kindOf(new SQLException("could not serialize access", "40001"))).isEqualTo(StoreFailures.Kind.CONFLICT);
        assertThat(kindOf(new SQLException("deferred constraint failed at commit", "40002")))
                .as("about what was written, not a race").isEqualTo(StoreFailures.Kind.ITEMS);
    }

    @Test
    void aFailedBatchIsJudgedByTheStateOfTheStatementThatFailedInIt() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("deadlock detected", "40P01"));
        assertThat(kindOf(batch)).isEqualTo(StoreFailures.Kind.CONFLICT);
    }

    @Test
    void sqliteBusyAndLockedAreBusy() {
        assertThat(kindOf(new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY))).isEqualTo(StoreFailures.Kind.BUSY);
        assertThat(kindOf(new SQLiteException("table is locked", SQLiteErrorCode.SQLITE_LOCKED))).isEqualTo(StoreFailures.Kind.BUSY);
    }

    @Test
    void anUnreachableDatabaseOrAnExhaustedPoolIsUnavailable() {
        assertThat(StoreFailures.kindOf(new ConnectionException(
                new SQLTransientConnectionException("openloop-postgresql - Connection is not available, request timed out"))))
                .isEqualTo(StoreFailures.Kind.UNAVAILABLE);
        assertThat(kindOf(new SQLException("Connection refused", "08001"))).isEqualTo(StoreFailures.Kind.UNAVAILABLE);
        assertThat(kindOf(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(StoreFailures.Kind.UNAVAILABLE);
        assertThat(kindOf(new SQLException("sorry, too many clients already", "53300"))).isEqualTo(StoreFailures.Kind.UNAVAILABLE);
    }

    @Test
    void whatTheItemsMayCauseOrNothingExplainsIsTheItems() {
        assertThat(kindOf(new SQLException("duplicate key value", "23505"))).isEqualTo(StoreFailures.Kind.ITEMS);
        assertThat(kindOf(new SQLiteException("UNIQUE constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)))
                .isEqualTo(StoreFailures.Kind.ITEMS);
        assertThat(kindOf(new SQLException("no state"))).isEqualTo(StoreFailures.Kind.ITEMS);
        assertThat(StoreFailures.kindOf(new IllegalArgumentException("a writer's own check"))).isEqualTo(StoreFailures.Kind.ITEMS);
    }

    @Test
    void onlyFailuresWithAJdbiOrJdbcExceptionInThemInvolveTheDatabase() {
        assertThat(StoreFailures.involvesTheDatabase(new IllegalStateException("wrapped",
                new UnableToExecuteStatementException("SELECT secret", null)))).isTrue();
        assertThat(StoreFailures.involvesTheDatabase(new SQLException("x", "42P01"))).isTrue();
        assertThat(StoreFailures.involvesTheDatabase(new IllegalStateException("a bug of our own"))).isFalse();
    }
}
