package dev.openloop.server.store;

import java.lang.System.Logger.Level;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions that run once more when the database rolled them back to resolve a conflict with
 * a concurrent one ({@link StoreFailures.Kind#CONFLICT}: a deadlock, a serialization failure).
 * The loser kept nothing, and the transaction it lost to has ended by the time it runs again, so
 * the second run almost always succeeds. A second loss goes to the caller, which the error
 * mapping answers with a 503 to retry.
 *
 * <p>SQLite's busy timeout is not retried: it already waited 30 s for the write lock.
 *
 * <p>Called inside a transaction already open on this thread, the work joins it and is not run
 * again on its own: after a failure the whole transaction is lost, so only its outermost caller
 * can run it again.
 */
public final class Transactions {
    private static final System.Logger LOG = System.getLogger(Transactions.class.getName());

    private Transactions() {
    }

    /** Runs {@code work} in a transaction and returns what it returns, once more after a lost conflict. */
    public static <R> R inTransaction(Jdbi jdbi, HandleCallback<R, RuntimeException> work) {
        return jdbi.withHandle(handle -> {
            if (handle.isInTransaction()) {
                return work.withHandle(handle);
            }
            try {
                return handle.inTransaction(work);
            } catch (RuntimeException lost) {
                if (StoreFailures.kindOf(lost) != StoreFailures.Kind.CONFLICT) {
                    throw lost;
                }
                LOG.log(Level.INFO, "a transaction lost a conflict with a concurrent one and runs again: "
                        + StoreFailures.describe(lost));
                return handle.inTransaction(work);
            }
        });
    }

    /** Runs {@code work} in a transaction, once more after a lost conflict. */
    public static void useTransaction(Jdbi jdbi, HandleConsumer<RuntimeException> work) {
        inTransaction(jdbi, (Handle handle) -> {
            work.useHandle(handle);
            return null;
        });
    }
}
