package dev.openloop.server.session;

import dev.openloop.api.session.SessionProjectResponse;
import dev.openloop.api.session.SessionResponse;
import dev.openloop.server.json.Json;
import dev.openloop.server.store.Timestamps;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Sessions as v4 answers them: what their logs add up to. */
public final class SessionResponses {
    private final Jdbi jdbi;

    public SessionResponses(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The answer for {@code session}. */
    public SessionResponse of(Session session) {
        return jdbi.withHandle(h -> {
            List<SessionProjectResponse> projects = h.createQuery("""
                            SELECT DISTINCT p.id, p.name FROM logs l JOIN projects p ON p.id = l.project_id
                            WHERE l.session_id = :session ORDER BY p.name""")
                    .bind("session", session.id())
                    .map((rs, ctx) -> new SessionProjectResponse(rs.getString("id"), rs.getString("name"), "prompt"))
                    .list();
            Map<String, Object> stats = h.createQuery("SELECT COUNT(*) AS n, MAX(created_at) AS last FROM logs WHERE session_id = :session")
                    .bind("session", session.id())
                    .mapToMap()
                    .one();
            String firstInputs = h.createQuery("SELECT inputs FROM logs WHERE session_id = :session ORDER BY created_at, id LIMIT 1")
                    .bind("session", session.id())
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            String lastOutput = h.createQuery("SELECT output FROM logs WHERE session_id = :session ORDER BY created_at DESC, id DESC LIMIT 1")
                    .bind("session", session.id())
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            long count = ((Number) stats.get("n")).longValue();
            Number last = (Number) stats.get("last");
            long updatedAt = last == null ? session.updatedAt() : Math.max(session.updatedAt(), last.longValue());
            return new SessionResponse(session.id(), session.referenceId(), projects, count, Json.map(firstInputs),
                    lastOutput, Timestamps.at(session.createdAt()), Timestamps.at(updatedAt));
        });
    }
}
