package dev.openloop.server.chat;

import dev.openloop.server.project.Project;
import dev.openloop.server.session.Session;
import java.util.List;
import java.util.Map;

/**
 * A chat call with everything resolved: where its logs go and which calls produce its samples.
 *
 * @param call the call as the door gave it
 * @param project the project, or null when the request named none
 * @param session the session, or null
 * @param parentId the parent log, or null
 * @param inputs the inputs, {@code {}} when none were given
 * @param calls the provider calls; together they produce every sample once
 * @param numSamples how many samples were asked for
 */
public record ChatPlan(
        ChatCall call,
        Project project,
        Session session,
        String parentId,
        Map<String, Object> inputs,
        List<PlannedCall> calls,
        int numSamples) {

    /** The project's id, or null. */
    public String projectId() {
        return project == null ? null : project.id();
    }

    /** The session's id, or null. */
    public String sessionId() {
        return session == null ? null : session.id();
    }

    /** Whether the logs keep the call's texts. */
    public boolean save() {
        return call.recording().save();
    }
}
