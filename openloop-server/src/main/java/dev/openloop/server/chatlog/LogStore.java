package dev.openloop.server.chatlog;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.Transactions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;

/**
 * The one owner of the {@code logs} table's SQL, with {@link LogWriter}, which writes new logs
 * through group commit: everything else that reads logs, counts them or changes them (an
 * experiment's counts, feedback's lock, a project's or a session's figures) asks here, so that
 * how logs are stored can change in this package alone. Reads, corrects and deletes logs itself;
 * the rest is done by package-private helpers ({@link LogSearch}, {@link LogTallies},
 * {@link TrialLogRows}).
 */
public final class LogStore {
    private static final String COLUMNS = """
            id, project_id, session_id, parent_id, reference_id, config_id, experiment_id, trial_id, environment_id,
            status, node_id, source, end_user, metadata, inputs, messages, output, raw_output, output_message, tool_choice,
            finish_reason, prompt_tokens, output_tokens, provider_latency, duration, error, provider_request,
            provider_response, source_datapoint_id, saved, created_at, updated_at, request_refs, output_refs, provider, model, api_key_id,
            cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_pico_usd, cost_estimated, attempts,
            requested_config_id""";

    /**
     * How many of the newest logs in a listing's range a search first checks one by one
     * ({@link #listIds(LogFilter, int, int)}). A page of a term one log in 40 holds is found among
     * them; a rarer term is then looked up in the index, after this much work in vain.
     */
    static final int NEWEST_CHECKED = 2_000;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final LogSearch search;
    private final LogTallies tallies;
    private final LogSpend spend;
    private final TrialLogRows trials;
    private final int newestChecked;

    public LogStore(Jdbi jdbi, Dialect dialect) {
        this(jdbi, dialect, NEWEST_CHECKED);
    }

    /** A store whose searches check {@code newestChecked} logs one by one before they ask the index. */
    LogStore(Jdbi jdbi, Dialect dialect, int newestChecked) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.search = new LogSearch(dialect);
        this.tallies = new LogTallies(jdbi);
        this.spend = new LogSpend(jdbi);
        this.trials = new TrialLogRows(dialect);
        this.newestChecked = newestChecked;
        jdbi.registerRowMapper(ConstructorMapper.factory(LogRecord.class));
    }

    /** How a listing finds the logs holding its search term. */
    private enum Found {
        /** There is no term. */
        NO_TERM,
        /** Each of the newest logs of the range is checked ({@link LogSearch#ofEachLog}). */
        AMONG_NEWEST,
        /** The index gives every log holding the term ({@link LogSearch#condition}). */
        BY_INDEX,
        /** The logs holding the term are read joined to the index's matches ({@link LogSearch#joined}), to be counted. */
        JOINED
    }

    /** A row of {@link #COLUMNS} as it was written: its texts put back where references stand ({@link StoredTexts}). */
    private static final RowMapper<LogRecord> WHOLE = (rs, ctx) -> StoredTexts.unpack(
            ctx.findRowMapperFor(LogRecord.class).orElseThrow().map(rs, ctx),
            rs.getString("request_refs"), rs.getString("output_refs"));

    /** A row of {@link #COLUMNS} as a list shows it: every text a preview ({@link LogPreviews}). */
    private static final RowMapper<LogRecord> PREVIEW = (rs, ctx) -> LogPreviews.of(StoredTexts.unpack(
            ctx.findRowMapperFor(LogRecord.class).orElseThrow().map(rs, ctx),
            rs.getString("request_refs"), rs.getString("output_refs"), LogPreviews::preview));

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
                        .map(WHOLE)
                        .findOne())
                .orElseThrow(() -> Refusal.notFound("Log " + id + " not found"));
    }

    /**
     * The ids of a page of a project's logs, newest first.
     *
     * @param search text to find, case-insensitively, in the values of the inputs, metadata, messages or
     *     output ({@link SearchText}); null for all
     * @param fromMillis the earliest creation time, or null
     * @param beforeMillis creation times before this, or null
     */
    public List<String> listIds(String projectId, String search, Long fromMillis, Long beforeMillis, int page, int size) {
        return listIds(LogFilter.of(projectId, search, fromMillis, beforeMillis), page, size);
    }

    /**
     * The ids of a page of the logs {@code filter} lets through, newest first.
     *
     * <p>A search first checks the text of the newest logs of the range, in the listing's order,
     * and stops there when they fill the page: a common term fills it within a few hundred logs,
     * where the index would hand over every log holding it, tens of thousands, to be ordered by
     * time. The page is then exactly the one the index gives: the logs outside those checked are
     * all older. When they do not fill it (a rarer term, or a page further on), the index finds
     * the few logs holding the term.
     */
    public List<String> listIds(LogFilter filter, int page, int size) {
        return idsFrom(filter, (long) page * size, size);
    }

    /**
     * The ids of the {@code limit} logs {@code filter} lets through after the first {@code offset},
     * newest first, found as {@link #listIds(LogFilter, int, int)} finds them. For a list that
     * reads one log more than it shows, to know whether there is a next page.
     */
    public List<String> idsFrom(LogFilter filter, long offset, int limit) {
        if (filter.search() != null && offset + limit <= newestChecked) {
            List<String> ids = page(filter, Found.AMONG_NEWEST, offset, limit);
            if (ids.size() == limit) {
                return ids;
            }
        }
        return page(filter, filter.search() == null ? Found.NO_TERM : Found.BY_INDEX, offset, limit);
    }

    private List<String> page(LogFilter filter, Found found, long offset, int size) {
        // By feedback, the order is read off the current feedback's index, which holds each log's
        // time and id: the newest logs with the value come first, with no sort.
        String order = byFeedback(filter) ? CurrentFeedback.ORDER : "created_at DESC, id DESC";
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT logs.id FROM " + from(filter, found) + where(filter, found)
                    + " ORDER BY " + order + " LIMIT :limit OFFSET :offset");
            bindFilters(query, filter, found);
            return query.bind("limit", size).bind("offset", offset).mapTo(String.class).list();
        });
    }

    /**
     * Hands the logs {@code ids} to {@code each} one at a time, newest first, their texts as
     * previews ({@link LogPreviews}), each read as it is reached, so that only one is held at once
     * however large the page (PostgreSQL sends
     * them a row at a time through a cursor, which lives in a transaction). Ids of logs deleted
     * since are skipped.
     */
    public void forEach(List<String> ids, Consumer<LogRecord> each) {
        if (ids.isEmpty()) {
            return;
        }
        HandleConsumer<RuntimeException> read = h -> {
            try (ResultIterator<LogRecord> rows = h.createQuery(
                            "SELECT " + COLUMNS + " FROM logs WHERE id IN (<ids>) ORDER BY created_at DESC, id DESC")
                    .bindList("ids", ids)
                    .setFetchSize(1)
                    .map(PREVIEW)
                    .iterator()) {
                rows.forEachRemaining(each);
            }
        };
        // Not Transactions: a read is never retried (it may have sent rows on), and on SQLite it
        // must not begin IMMEDIATE, which would hold the write lock while a client reads slowly.
        if (dialect == Dialect.POSTGRESQL) {
            jdbi.useTransaction(read);
        } else {
            jdbi.useHandle(read);
        }
    }

    /** How many logs {@link #listIds} pages through. */
    public long count(String projectId, String search, Long fromMillis, Long beforeMillis) {
        return count(LogFilter.of(projectId, search, fromMillis, beforeMillis), Long.MAX_VALUE);
    }

    /**
     * How many logs {@code filter} lets through, counted up to {@code upTo} and no further: a term
     * most logs hold then costs {@code upTo} logs to count, not all of them.
     */
    public long count(LogFilter filter, long upTo) {
        Found found = filter.search() == null ? Found.NO_TERM : Found.JOINED;
        String from = from(filter, found);
        return jdbi.withHandle(h -> {
            Query query = upTo == Long.MAX_VALUE
                    ? h.createQuery("SELECT COUNT(*) FROM " + from + where(filter, found))
                    : h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM " + from + where(filter, found) + " LIMIT :upTo) counted")
                            .bind("upTo", upTo);
            bindFilters(query, filter, found);
            return query.mapTo(Long.class).one();
        });
    }

    /**
     * A log of a session as its outline shows it.
     *
     * @param id the log
     * @param parentId its parent log, or null
     * @param createdAt epoch milliseconds
     * @param status a {@link LogStatus} value
     * @param failed whether it holds an error
     */
    public record Outline(String id, String parentId, long createdAt, String status, boolean failed) {
    }

    /** The first {@code limit} logs of a session, oldest first: enough to draw its tree of parents and children. */
    public List<Outline> outlineOfSession(String sessionId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, parent_id, created_at, status, error IS NOT NULL AS failed FROM logs
                        WHERE session_id = :session ORDER BY created_at, id LIMIT :limit""")
                .bind("session", sessionId)
                .bind("limit", limit)
                .map((rs, ctx) -> new Outline(rs.getString("id"), rs.getString("parent_id"), rs.getLong("created_at"),
                        rs.getString("status"), rs.getBoolean("failed")))
                .list());
    }

    /**
     * How many logs each config of an experiment made (its draws) in each of {@code buckets} equal spans of
     * time from its first log to its last: config id → counts, oldest span first. Counted by the
     * database, so the answer's size is the configs times the spans however many draws there were.
     */
    public Map<String, long[]> experimentDrawsOverTime(String experimentId, int buckets) {
        return jdbi.withHandle(h -> {
            Map<String, Object> range = h.createQuery(
                            "SELECT MIN(created_at) AS first, MAX(created_at) AS last FROM logs WHERE experiment_id = :experiment")
                    .bind("experiment", experimentId)
                    .mapToMap()
                    .one();
            Map<String, long[]> counts = new java.util.LinkedHashMap<>();
            if (range.get("first") == null) {
                return counts;
            }
            long first = ((Number) range.get("first")).longValue();
            long width = Math.max(1, (((Number) range.get("last")).longValue() - first) / buckets + 1);
            h.createQuery("""
                            SELECT config_id, (created_at - :first) / :width AS bucket, COUNT(*) AS n FROM logs
                            WHERE experiment_id = :experiment GROUP BY config_id, (created_at - :first) / :width""")
                    .bind("experiment", experimentId)
                    .bind("first", first)
                    .bind("width", width)
                    .map((rs, ctx) -> {
                        int bucket = (int) Math.min(buckets - 1, rs.getLong("bucket"));
                        counts.computeIfAbsent(rs.getString("config_id"), id -> new long[buckets])[bucket] += rs.getLong("n");
                        return null;
                    })
                    .list();
            return counts;
        });
    }

    /** Whether {@code filter} keeps the logs whose current feedback of a type is a value. */
    private static boolean byFeedback(LogFilter filter) {
        return filter.feedbackType() != null && filter.feedbackValue() != null;
    }

    /**
     * The tables a listing reads: the logs, joined to the search index's matches when counting
     * them ({@link Found#JOINED}), and to their current feedback when filtered by it
     * ({@link CurrentFeedback}), which then leads: it holds the project, the time and the order.
     */
    private String from(LogFilter filter, Found found) {
        String from = found == Found.JOINED ? search.joined(filter.search()) : "logs";
        return byFeedback(filter) ? from + CurrentFeedback.JOIN : from;
    }

    private String where(LogFilter filter, Found found) {
        List<String> conditions = new ArrayList<>();
        conditions.add("logs.project_id = :project");
        // By feedback, the range is on the current feedback's copy of the log's time, which bounds
        // the read of its index.
        String created = byFeedback(filter) ? CurrentFeedback.LOG_CREATED_AT : "created_at";
        List<String> range = new ArrayList<>();
        if (filter.fromMillis() != null) {
            range.add(" AND created_at >= :from");
            conditions.add(created + " >= :from");
        }
        if (filter.beforeMillis() != null) {
            range.add(" AND created_at < :before");
            conditions.add(created + " < :before");
        }
        switch (found) {
            case NO_TERM -> { }
            case AMONG_NEWEST -> {
                // The newest of the range in the listing's order, read from its index alone.
                conditions.add("id IN (SELECT id FROM logs WHERE project_id = :project" + String.join("", range)
                        + " ORDER BY created_at DESC, id DESC LIMIT :newest)");
                conditions.add(this.search.ofEachLog());
            }
            case BY_INDEX -> conditions.add(this.search.condition(filter.search()));
            case JOINED -> conditions.add(this.search.joinedCondition(filter.search()));
        }
        if (filter.configId() != null) {
            conditions.add("config_id = :config");
        }
        if (filter.environmentId() != null) {
            conditions.add("environment_id = :environment");
        }
        if (filter.experimentId() != null) {
            conditions.add("experiment_id = :experiment");
        }
        if (filter.outcome() != null) {
            conditions.add(switch (filter.outcome()) {
                case OK -> "status = '" + LogStatus.COMPLETE + "' AND error IS NULL";
                case ERROR -> "error IS NOT NULL";
                case INCOMPLETE -> "status = '" + LogStatus.INCOMPLETE + "'";
            });
        }
        if (byFeedback(filter)) {
            conditions.add(CurrentFeedback.CONDITION);
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    private void bindFilters(Query query, LogFilter filter, Found found) {
        query.bind("project", filter.projectId());
        switch (found) {
            case NO_TERM -> { }
            case AMONG_NEWEST -> {
                query.bind("newest", newestChecked);
                this.search.bindOfEachLog(query, filter.search());
            }
            case BY_INDEX, JOINED -> this.search.bind(query, filter.search());
        }
        if (filter.fromMillis() != null) {
            query.bind("from", filter.fromMillis());
        }
        if (filter.beforeMillis() != null) {
            query.bind("before", filter.beforeMillis());
        }
        if (filter.configId() != null) {
            query.bind("config", filter.configId());
        }
        if (filter.environmentId() != null) {
            query.bind("environment", filter.environmentId());
        }
        if (filter.experimentId() != null) {
            query.bind("experiment", filter.experimentId());
        }
        if (byFeedback(filter)) {
            query.bind("feedbackType", filter.feedbackType()).bind("feedbackValue", filter.feedbackValue());
        }
    }

    /**
     * Fills in or corrects a log; null arguments leave their column as it is. 404 when there is no
     * such log. A new output is searched from then on, in the same transaction. A log stored with
     * {@code save: false} takes no output, and an error only as {@link LogSaving} keeps it.
     */
    public void update(String id, String givenOutput, String givenError, Double duration) {
        Transactions.useTransaction(jdbi, h -> {
            LogRecord row = h.createQuery("SELECT " + COLUMNS + " FROM logs WHERE id = :id" + dialect.forUpdate())
                    .bind("id", id)
                    .map(WHOLE)
                    .findOne()
                    .orElseThrow(() -> Refusal.notFound("Log " + id + " not found"));
            // A log stored with save: false keeps none of its caller's texts, later as when it was made.
            String output = row.saved() ? givenOutput : null;
            String error = LogSaving.callerError(row.saved(), givenError);
            String newOutput = output == null ? row.output() : output;
            String newRaw = output == null ? row.rawOutput() : output;
            // The texts that referred to the old output keep it: they are stored again against the new one.
            StoredTexts.PackedOutput texts = StoredTexts.packOutput(row.messages(), newOutput, newRaw, row.outputMessage(),
                    row.providerResponse());
            h.createUpdate("""
                            UPDATE logs SET output = :output, raw_output = :raw, output_message = :message,
                                provider_response = :response, output_refs = :refs,
                                error = COALESCE(:error, error), duration = COALESCE(:duration, duration), updated_at = :now
                            WHERE id = :id""")
                    .bind("output", newOutput)
                    .bind("raw", texts.rawOutput())
                    .bind("message", texts.outputMessage())
                    .bind("response", texts.providerResponse())
                    .bind("refs", texts.refs())
                    .bind("error", error)
                    .bind("duration", duration)
                    .bind("now", System.currentTimeMillis())
                    .bind("id", id)
                    .execute();
            if (output != null && row.saved()) {
                h.createUpdate("DELETE FROM log_search WHERE log_id = :id").bind("id", id).execute();
                h.createUpdate("INSERT INTO log_search (log_id, body) VALUES (:id, :body)")
                        .bind("id", id)
                        .bind("body", SearchText.of(row.inputs(), row.metadata(), row.messages(), newOutput))
                        .execute();
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
        /** A log that names nothing. */
        public static final Names NONE = new Names(null, null, null);
    }

    /** The {@link Names} of each of the logs {@code ids}, by log id, read in one query. */
    public Map<String, Names> namesOf(List<String> ids) {
        if (ids.isEmpty()) {
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
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), new Names(rs.getString("project"),
                        rs.getString("session_reference_id"), rs.getString("parent_reference_id"))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    // What other features read off the logs (LogTallies).

    /** What the logs cost, summed: the spend report and the budgets' question. */
    public LogSpend spend() {
        return spend;
    }

    /** How many logs the project has. */
    public long countOfProject(String projectId) {
        return tallies.ofProject(projectId);
    }

    /** The ids of a page of the sessions with logs in {@code projectId}, newest first; {@code page} counts from 1. */
    public List<String> sessionsOfProject(String projectId, int page, int size) {
        return tallies.sessionsOfProject(projectId, page, size);
    }

    /** How many sessions have logs in {@code projectId}. */
    public long sessionCountOfProject(String projectId) {
        return tallies.sessionCountOfProject(projectId);
    }

    /**
     * What a session's logs add up to.
     *
     * @param projects the projects they are in, by name
     * @param count how many there are
     * @param lastCreatedAt when the newest was made, or null when there is none
     * @param firstInputs the oldest one's inputs as stored, or null
     * @param lastOutput the newest one's output, or null
     */
    public record SessionLogs(List<NamedProject> projects, long count, Long lastCreatedAt, String firstInputs,
            String lastOutput) {
    }

    /** A project by id and name. */
    public record NamedProject(String id, String name) {
    }

    /** What the logs of session {@code sessionId} add up to. */
    public SessionLogs ofSession(String sessionId) {
        return tallies.ofSession(sessionId);
    }

    /**
     * How a project used a config.
     *
     * @param logs how many of its logs used it
     * @param lastUsed when the last of them was made, or null
     */
    public record ConfigUse(long logs, Long lastUsed) {
    }

    /** How {@code projectId} used each of {@code configIds}, by config id; a config it never used is absent. */
    public Map<String, ConfigUse> configUse(String projectId, List<String> configIds) {
        return tallies.configUse(projectId, configIds);
    }

    /**
     * A trial as its first log records it, when its experiment still exists.
     *
     * @param trialId the trial
     * @param experimentId its experiment
     * @param projectId the experiment's project
     * @param configId the config drawn
     * @param environmentId the environment of the deployment sampled, or null
     */
    public record LoggedTrial(String trialId, String experimentId, String projectId, String configId,
            String environmentId) {
    }

    /** The trial {@code trialId} as its first log records it. */
    public Optional<LoggedTrial> firstLogOfTrial(String trialId) {
        return tallies.firstOfTrial(trialId);
    }

    // How logs count in experiments (TrialLogRows): each runs in the caller's transaction.

    /**
     * How many counted trials of one config of an experiment, with one outcome, some logs hold.
     *
     * @param outcome the logs' {@code trial_outcome}
     */
    public record CountedTrials(String experimentId, String configId, String outcome, long trials) {
    }

    /**
     * A log drawn from an experiment.
     *
     * @param outcome how it is counted, or null when it is not
     */
    public record TrialLog(String experimentId, String configId, String outcome) {
    }

    /** A piece of feedback on a trial of an experiment, with the trial's config. */
    public record TrialFeedback(String logId, String configId, String type, String value, boolean unset) {
    }

    /** The experiments of which the logs {@code logIds} are trials. */
    public List<String> experimentsOf(Handle handle, Collection<String> logIds) {
        return trials.experimentsOf(handle, logIds);
    }

    /** The experiments of which logs of project {@code projectId} are trials. */
    public List<String> experimentsOfProject(Handle handle, String projectId) {
        return trials.experimentsOfProject(handle, projectId);
    }

    /** The counted trials among the logs {@code logIds}. */
    public List<CountedTrials> countedTrials(Handle handle, List<String> logIds) {
        return trials.countedTrials(handle, logIds);
    }

    /** The counted trials among the logs of project {@code projectId}. */
    public List<CountedTrials> countedTrialsOfProject(Handle handle, String projectId) {
        return trials.countedTrialsOfProject(handle, projectId);
    }

    /** The log {@code logId} as a trial; empty when there is no such log or it is not a trial. */
    public Optional<TrialLog> trialOf(Handle handle, String logId) {
        return trials.trialOf(handle, logId);
    }

    /** Records how the log {@code logId} is counted (null: not counted). */
    public void setTrialOutcome(Handle handle, String logId, String outcome) {
        trials.setOutcome(handle, logId, outcome);
    }

    /** Records how each of the logs is counted, in one batch, in the map's order. */
    public void setTrialOutcomes(Handle handle, Map<String, String> outcomeByLog) {
        trials.setOutcomes(handle, outcomeByLog);
    }

    /** Marks every trial of the experiment uncounted. */
    public void clearTrialOutcomes(Handle handle, String experimentId) {
        trials.clearOutcomes(handle, experimentId);
    }

    /** The feedback on the experiment's trials, by log id, the latest of each log first. */
    public List<TrialFeedback> feedbackOfTrials(Handle handle, String experimentId) {
        return trials.feedbackOfTrials(handle, experimentId);
    }

    /**
     * Locks, in the order of their ids, the experiment's trials a recount may rewrite: those
     * counted, and those with feedback.
     */
    public void lockCountedTrials(Handle handle, String experimentId) {
        trials.lockCounted(handle, experimentId);
    }

    /**
     * Brings log {@code logId}'s current feedback of {@code type}, which the listing's feedback
     * filter reads, in step with its pieces of feedback. Call it in the transaction that stored a
     * piece, after the piece, the log locked ({@link #lock}).
     */
    public void feedbackChanged(Handle handle, String logId, String type) {
        CurrentFeedback.refresh(handle, logId, type);
    }

    /** Locks the log {@code logId} until the caller's transaction ends; false when there is no such log. */
    public boolean lock(Handle handle, String logId) {
        return trials.lock(handle, logId);
    }
}
