package dev.openloop.server.session;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Sessions in the database. */
public final class SessionStore {
    private final Jdbi jdbi;

    public SessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(Session.class));
    }

    /** A new session without a reference id. */
    public Session create() {
        long now = System.currentTimeMillis();
        Session session = new Session(Ids.next("sesh_"), null, now, now);
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO sessions (id, reference_id, created_at, updated_at) VALUES (:id, NULL, :now, :now)")
                .bind("id", session.id())
                .bind("now", now)
                .execute());
        return session;
    }

    /** The session with this id; 404 when there is none. */
    public Session get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Session.class)
                        .findOne())
                .orElseThrow(() -> Refusal.notFound("Session " + id + " not found"));
    }

    /**
     * The session with this reference id, created on first use. Of two racing creators, on one
     * node or many, one inserts and both read that row: the reference id is unique.
     */
    public Session findOrCreateByReference(String referenceId) {
        Optional<Session> existing = findByReference(referenceId);
        if (existing.isPresent()) {
            return existing.get();
        }
        long now = System.currentTimeMillis();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id, reference_id, created_at, updated_at) VALUES (:id, :ref, :now, :now)
                        ON CONFLICT (reference_id) DO NOTHING""")
                .bind("id", Ids.next("sesh_"))
                .bind("ref", referenceId)
                .bind("now", now)
                .execute());
        return findByReference(referenceId).orElseThrow(() -> new IllegalStateException("session vanished"));
    }

    /** A page of the sessions with logs in {@code projectId}, newest first; {@code page} counts from 1. */
    public List<Session> listForProject(String projectId, int page, int size) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id IN "
                        + "(SELECT DISTINCT session_id FROM logs WHERE project_id = :project) "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("project", projectId)
                .bind("limit", size)
                .bind("offset", (long) (page - 1) * size)
                .mapTo(Session.class)
                .list());
    }

    /** How many sessions have logs in {@code projectId}. */
    public long countForProject(String projectId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(DISTINCT session_id) FROM logs WHERE project_id = :project AND session_id IS NOT NULL")
                .bind("project", projectId)
                .mapTo(Long.class)
                .one());
    }

    private Optional<Session> findByReference(String referenceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE reference_id = :ref")
                .bind("ref", referenceId)
                .mapTo(Session.class)
                .findOne());
    }
}
