package dev.openloop.server.experiment;

import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.store.Transactions;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Deletes logs: the logs and the experiment counts they are in change together, in one transaction. */
public final class LogDeletion {
    private final Jdbi jdbi;
    private final LogStore logs;
    private final ExperimentStore experiments;

    public LogDeletion(Jdbi jdbi, LogStore logs, ExperimentStore experiments) {
        this.jdbi = jdbi;
        this.logs = logs;
        this.experiments = experiments;
    }

    /** Deletes the logs of {@code ids}. */
    public void delete(List<String> ids) {
        Transactions.useTransaction(jdbi, h -> {
            experiments.forgetLogs(ids);
            logs.delete(ids);
        });
    }
}
