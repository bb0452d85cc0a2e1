package dev.openloop.server.chatlog;

import dev.openloop.server.http.ApiException;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/** Reads, corrects and deletes stored logs (writing new ones is {@link LogWriter}'s job). */
public final class LogStore {
    private static final String COLUMNS = """
            id, project_id, session_id, parent_id, reference_id, config_id, experiment_id, trial_id, environment_id,
            status, node_id, source, end_user, metadata, inputs, messages, output, raw_output, output_message, tool_choice,
            finish_reason, prompt_tokens, output_tokens, provider_latency, duration, error, provider_request,
            provider_response, source_datapoint_id, saved, created_at, updated_at""";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final LogSearch search;

    public LogStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.search = new LogSearch(dialect);
        jdbi.registerRowMapper(ConstructorMapper.factory(LogRecord.class));
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

    /** The log with this id; 404 when there is none. */
    public LogRecord get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM logs WHERE id = :id")
                        .bind("id", id)
                        .mapTo(LogRecord.class)
                        .findOne())
                .orElseThrow(() -> ApiException.notFound("Log " + id + " not found"));
    }

    /**
     * A page of a project's logs, newest first.
     *
     * @param search text to find, case-insensitively, in the values of the inputs, metadata, messages or
     *     output ({@link SearchText}); null for all
     * @param fromMillis the earliest creation time, or null
     * @param beforeMillis creation times before this, or null
     */
    public List<LogRecord> list(String projectId, String search, Long fromMillis, Long beforeMillis, int page, int size) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM logs" + where(search, fromMillis, beforeMillis)
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
            bindFilters(query, projectId, search, fromMillis, beforeMillis);
            return query.bind("limit", size).bind("offset", (long) page * size).mapTo(LogRecord.class).list();
        });
    }

    /** How many logs {@link #list} pages through. */
    public long count(String projectId, String search, Long fromMillis, Long beforeMillis) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT COUNT(*) FROM logs" + where(search, fromMillis, beforeMillis));
            bindFilters(query, projectId, search, fromMillis, beforeMillis);
            return query.mapTo(Long.class).one();
        });
    }

    private String where(String search, Long fromMillis, Long beforeMillis) {
        List<String> conditions = new ArrayList<>();
        conditions.add("project_id = :project");
        if (search != null) {
            conditions.add(this.search.condition(search));
        }
        if (fromMillis != null) {
            conditions.add("created_at >= :from");
        }
        if (beforeMillis != null) {
            conditions.add("created_at < :before");
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    private void bindFilters(Query query, String projectId, String search, Long fromMillis, Long beforeMillis) {
        query.bind("project", projectId);
        if (search != null) {
            this.search.bind(query, search);
        }
        if (fromMillis != null) {
            query.bind("from", fromMillis);
        }
        if (beforeMillis != null) {
            query.bind("before", beforeMillis);
        }
    }

    /**
     * Fills in or corrects a log; null arguments leave their column as it is. 404 when there is no
     * such log. A new output is searched from then on, in the same transaction.
     */
    public void update(String id, String output, String error, Double duration) {
        Transactions.useTransaction(jdbi, h -> {
            int updated = h.createUpdate("""
                            UPDATE logs SET output = COALESCE(:output, output), raw_output = COALESCE(:output, raw_output),
                                error = COALESCE(:error, error), duration = COALESCE(:duration, duration), updated_at = :now
                            WHERE id = :id""")
                    .bind("output", output)
                    .bind("error", error)
                    .bind("duration", duration)
                    .bind("now", System.currentTimeMillis())
                    .bind("id", id)
                    .execute();
            if (updated == 0) {
                throw ApiException.notFound("Log " + id + " not found");
            }
            if (output != null) {
                h.createQuery("SELECT inputs, metadata, messages, output FROM logs WHERE id = :id AND saved")
                        .bind("id", id)
                        .map((rs, ctx) -> SearchText.of(rs.getString("inputs"), rs.getString("metadata"),
                                rs.getString("messages"), rs.getString("output")))
                        .findOne()
                        .ifPresent(body -> {
                            h.createUpdate("DELETE FROM log_search WHERE log_id = :id").bind("id", id).execute();
                            h.createUpdate("INSERT INTO log_search (log_id, body) VALUES (:id, :body)")
                                    .bind("id", id).bind("body", body).execute();
                        });
            }
        });
    }

    /**
     * Deletes the logs with these ids; unknown ids are ignored. Call it inside the transaction that
     * also takes them out of their experiments' counts, which locks those experiments first; the
     * logs are then locked in the order of their ids, as feedback locks them, so that the two wait
     * for each other instead of deadlocking.
     */
    public void delete(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            h.createQuery("SELECT id FROM logs WHERE id IN (<ids>) ORDER BY id" + dialect.forUpdate())
                    .bindList("ids", ids)
                    .mapTo(String.class)
                    .list();
            h.createUpdate("DELETE FROM logs WHERE id IN (<ids>)").bindList("ids", ids).execute();
        });
    }

    /**
     * What a log's answer names by more than id: its project's name and the reference ids of its
     * session and parent.
     *
     * @param project the project's name, or null
     * @param sessionReferenceId the session's reference id, or null
     * @param parentReferenceId the parent log's reference id, or null
     */
    public record Names(String project, String sessionReferenceId, String parentReferenceId) {
        static final Names NONE = new Names(null, null, null);
    }

    /** The {@link Names} of each of {@code logs}, by log id, read in one query. */
    public Map<String, Names> namesOf(List<LogRecord> logs) {
        if (logs.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.id, p.name AS project, s.reference_id AS session_reference_id,
                            parent.reference_id AS parent_reference_id
                        FROM logs l
                            LEFT JOIN projects p ON p.id = l.project_id
                            LEFT JOIN sessions s ON s.id = l.session_id
                            LEFT JOIN logs parent ON parent.id = l.parent_id
                        WHERE l.id IN (<ids>)""")
                .bindList("ids", logs.stream().map(LogRecord::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getString("id"), new Names(rs.getString("project"),
                        rs.getString("session_reference_id"), rs.getString("parent_reference_id"))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
