package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.project.Project;
import dev.openloop.server.session.Session;
import java.util.List;
import java.util.Map;

/**
 * A chat request with everything resolved: where its logs go and which calls produce its samples.
 *
 * @param request the request as received
 * @param project the project, or null when the request named none
 * @param session the session, or null
 * @param parentId the parent log, or null
 * @param inputs the inputs, {@code {}} when none were given
 * @param calls the provider calls; together they produce every sample once
 * @param numSamples how many samples were asked for
 */
record ChatPlan(
        ChatRequest request,
        Project project,
        Session session,
        String parentId,
        Map<String, Object> inputs,
        List<PlannedCall> calls,
        int numSamples) {

    String projectId() {
        return project == null ? null : project.id();
    }

    String sessionId() {
        return session == null ? null : session.id();
    }

    boolean save() {
        return request.save() == null || request.save();
    }
}
