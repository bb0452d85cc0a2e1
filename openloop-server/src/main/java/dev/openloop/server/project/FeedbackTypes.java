package dev.openloop.server.project;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.openloop.api.project.FeedbackLabel;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.LabelSentiment;
import dev.openloop.server.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A project's feedback types: the five v4 defaults, which every project has without storing them,
 * and the project's own, which may also redefine a default's labels.
 */
public final class FeedbackTypes {
    private static final TypeReference<List<FeedbackLabel>> LABELS = new TypeReference<>() { };

    /** The types every project has. */
    static final List<FeedbackTypeModel> DEFAULTS = List.of(
            new FeedbackTypeModel("rating", List.of(
                    new FeedbackLabel("good", LabelSentiment.POSITIVE), new FeedbackLabel("bad", LabelSentiment.NEGATIVE))),
            new FeedbackTypeModel("action", List.of(
                    new FeedbackLabel("copied", LabelSentiment.POSITIVE), new FeedbackLabel("submitted", LabelSentiment.POSITIVE),
                    new FeedbackLabel("deleted", LabelSentiment.NEGATIVE), new FeedbackLabel("failed", LabelSentiment.NEGATIVE))),
            new FeedbackTypeModel("issue", List.of(
                    new FeedbackLabel("inaccurate", LabelSentiment.NEGATIVE), new FeedbackLabel("inappropriate", LabelSentiment.NEGATIVE),
                    new FeedbackLabel("irrelevant", LabelSentiment.NEGATIVE))),
            new FeedbackTypeModel("correction", null),
            new FeedbackTypeModel("comment", null));

    private final Jdbi jdbi;

    public FeedbackTypes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The project's types: the defaults (as redefined) first, then its own, by name. */
    public List<FeedbackTypeModel> of(String projectId) {
        Map<String, FeedbackTypeModel> types = new LinkedHashMap<>();
        DEFAULTS.forEach(type -> types.put(type.type(), type));
        jdbi.useHandle(h -> h.createQuery("SELECT type, label_values FROM feedback_types WHERE project_id = :project ORDER BY type")
                .bind("project", projectId)
                .map((rs, ctx) -> new FeedbackTypeModel(rs.getString("type"), labels(rs.getString("label_values"))))
                .forEach(type -> types.put(type.type(), type)));
        return new ArrayList<>(types.values());
    }

    /** Creates or redefines a type; labels given without a sentiment are neutral. */
    public FeedbackTypeModel upsert(String projectId, FeedbackTypeRequest request) {
        List<FeedbackLabel> values = request.values() == null ? null : request.values().stream()
                .map(label -> new FeedbackLabel(label.value(), label.sentiment() == null ? LabelSentiment.NEUTRAL : label.sentiment()))
                .toList();
        long now = System.currentTimeMillis();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO feedback_types (project_id, type, label_values, feedback_class, created_at, updated_at)
                        VALUES (:project, :type, :values, :class, :now, :now)
                        ON CONFLICT (project_id, type)
                        DO UPDATE SET label_values = :values, feedback_class = :class, updated_at = :now""")
                .bind("project", projectId)
                .bind("type", request.type())
                .bind("values", Json.text(values))
                .bind("class", request.feedbackClass() == null ? null : request.feedbackClass().wire())
                .bind("now", now)
                .execute());
        return new FeedbackTypeModel(request.type(), values);
    }

    private static List<FeedbackLabel> labels(String json) {
        return json == null ? null : Json.MAPPER.convertValue(Json.tree(json), LABELS);
    }
}
