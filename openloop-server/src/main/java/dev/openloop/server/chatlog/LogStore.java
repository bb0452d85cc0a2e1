package dev.openloop.server.chatlog;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads stored logs. */
public final class LogStore {
    private final Jdbi jdbi;

    public LogStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The id of the log with this id, if it exists. */
    public Optional<String> findId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM logs WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    /** The id of the log with this caller-given reference id, if it exists. */
    public Optional<String> findIdByReference(String referenceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM logs WHERE reference_id = :ref")
                .bind("ref", referenceId)
                .mapTo(String.class)
                .findOne());
    }
}
