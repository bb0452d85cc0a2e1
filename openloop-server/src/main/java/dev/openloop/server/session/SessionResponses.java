package dev.openloop.server.session;

import dev.openloop.api.session.SessionProjectResponse;
import dev.openloop.api.session.SessionResponse;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.json.Json;
import dev.openloop.server.store.Timestamps;
import java.util.List;

/** Sessions as v4 answers them: what their logs add up to. */
public final class SessionResponses {
    private final LogStore logs;

    public SessionResponses(LogStore logs) {
        this.logs = logs;
    }

    /** The answer for {@code session}. */
    public SessionResponse of(Session session) {
        LogStore.SessionLogs sessionLogs = logs.ofSession(session.id());
        List<SessionProjectResponse> projects = sessionLogs.projects().stream()
                .map(project -> new SessionProjectResponse(project.id(), project.name(), "prompt"))
                .toList();
        Long last = sessionLogs.lastCreatedAt();
        long updatedAt = last == null ? session.updatedAt() : Math.max(session.updatedAt(), last);
        return new SessionResponse(session.id(), session.referenceId(), projects, sessionLogs.count(),
                Json.map(sessionLogs.firstInputs()), sessionLogs.lastOutput(), Timestamps.at(session.createdAt()),
                Timestamps.at(updatedAt));
    }
}
