package dev.openloop.server.session;

import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Ids;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Sessions in the database. */
public final class SessionStore {
    private final Jdbi jdbi;
    private final LogStore logs;

    public SessionStore(Jdbi jdbi, LogStore logs) {
        this.jdbi = jdbi;
        this.logs = logs;
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
        List<String> ids = logs.sessionsOfProject(projectId, page, size);
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Session> byId = jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id IN (<ids>)")
                .bindList("ids", ids)
                .mapTo(Session.class)
                .collect(Collectors.toMap(Session::id, session -> session)));
        // In the order of the page; a session deleted since is left out.
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** How many sessions have logs in {@code projectId}. */
    public long countForProject(String projectId) {
        return logs.sessionCountOfProject(projectId);
    }

    public Optional<Session> findByReference(String referenceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE reference_id = :ref")
                .bind("ref", referenceId)
                .mapTo(Session.class)
                .findOne());
    }
}
