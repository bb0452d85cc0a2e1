package dev.openloop.server.experiment;

import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.catalog.CatalogChanges;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.json.Json;
import dev.openloop.server.store.Ids;
import dev.openloop.server.store.LockOrder;
import dev.openloop.server.store.StoreFailures;
import dev.openloop.server.store.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Experiments, their configs, and the trials handed out by sampling. */
public final class ExperimentStore {
    private final Jdbi jdbi;
    private final TrialOutcomes outcomes;
    private final LogStore logs;
    private final CatalogChanges changes;

    public ExperimentStore(Jdbi jdbi, TrialOutcomes outcomes, LogStore logs, Catalog catalog) {
        this.jdbi = jdbi;
        this.outcomes = outcomes;
        this.logs = logs;
        this.changes = catalog.changes();
        jdbi.registerRowMapper(ConstructorMapper.factory(Experiment.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(ExperimentConfig.class));
    }

    /** The experiment with this id; 404 when there is none. */
    public Experiment get(String id) {
        return find(id).orElseThrow(() -> Refusal.notFound("Experiment " + id + " not found"));
    }

    /** The experiment with this id. */
    public Optional<Experiment> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE id = :id")
                .bind("id", id)
                .mapTo(Experiment.class)
                .findOne());
    }

    /** The experiment of {@code projectId} named {@code name}. */
    public Optional<Experiment> findByName(String projectId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE project_id = :project AND name = :name")
                .bind("project", projectId)
                .bind("name", name)
                .mapTo(Experiment.class)
                .findOne());
    }

    /** The experiments of a project, oldest first. */
    public List<Experiment> list(String projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE project_id = :project ORDER BY created_at, id")
                .bind("project", projectId)
                .mapTo(Experiment.class)
                .list());
    }

    /** The configs of an experiment, in the order they joined it. */
    public List<ExperimentConfig> configs(String experimentId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM experiment_configs WHERE experiment_id = :experiment ORDER BY created_at, config_id")
                .bind("experiment", experimentId)
                .mapTo(ExperimentConfig.class)
                .list());
    }

    /** A new experiment with these configs, all active; 409 when the project has one of that name. */
    public Experiment create(String projectId, String name, List<PositiveLabel> labels, List<String> configIds) {
        long now = System.currentTimeMillis();
        Experiment experiment = new Experiment(Ids.next("exp_"), projectId, name, Json.text(labels), now, now);
        return Transactions.inTransaction(jdbi, h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO experiments (id, project_id, name, positive_labels, created_at, updated_at)
                            VALUES (:id, :projectId, :name, :positiveLabels, :createdAt, :updatedAt)
                            ON CONFLICT (project_id, name) DO NOTHING""")
                    .bindMethods(experiment)
                    .execute();
            if (inserted == 0) {
                throw nameTaken(name);
            }
            register(h, experiment.id(), configIds, now);
            return experiment;
        });
    }

    /** Adds configs to an experiment, or makes them active again. */
    public void register(String experimentId, List<String> configIds) {
        Transactions.useTransaction(jdbi, h -> register(h, experimentId, configIds, System.currentTimeMillis()));
    }

    private static void register(Handle h, String experimentId, List<String> configIds, long now) {
        for (String configId : LockOrder.of(configIds)) {
            int changed = h.createUpdate("""
                            INSERT INTO experiment_configs (experiment_id, config_id, active, successes, failures, created_at, updated_at)
                            VALUES (:experiment, :config, TRUE, 0, 0, :now, :now)
                            ON CONFLICT (experiment_id, config_id) DO UPDATE SET active = TRUE, updated_at = :now""")
                    .bind("experiment", experimentId)
                    .bind("config", configId)
                    .bind("now", now)
                    .execute();
        }
    }

    /** Stops drawing configs; they stay in the experiment, inactive, with their counts. */
    public void deregister(String experimentId, List<String> configIds) {
        Transactions.useTransaction(jdbi, h -> {
            for (String configId : LockOrder.of(configIds)) {
                h.createUpdate("""
                                UPDATE experiment_configs SET active = FALSE, updated_at = :now
                                WHERE experiment_id = :experiment AND config_id = :config""")
                        .bind("experiment", experimentId)
                        .bind("config", configId)
                        .bind("now", System.currentTimeMillis())
                        .execute();
            }
        });
    }

    /**
     * Renames an experiment; 409 when the project has another of that name. The check first gives
     * the common case a clear answer; the unique name catches a rename racing another to it. Run
     * inside the transaction of the request's other changes, the 409 rolls them back too.
     */
    public void rename(Experiment experiment, String name) {
        checkNameFree(experiment, name);
        try {
            jdbi.useHandle(h -> h.createUpdate("UPDATE experiments SET name = :name, updated_at = :now WHERE id = :id")
                    .bind("name", name)
                    .bind("now", System.currentTimeMillis())
                    .bind("id", experiment.id())
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (StoreFailures.isUniqueViolation(e)) {
                throw nameTaken(name);
            }
            throw e;
        }
    }

    /** 409 when another experiment of the project is named {@code name}. */
    private void checkNameFree(Experiment experiment, String name) {
        findByName(experiment.projectId(), name).filter(other -> !other.id().equals(experiment.id())).ifPresent(other -> {
            throw nameTaken(name);
        });
    }

    private static Refusal nameTaken(String name) {
        return Refusal.conflict("The project has an experiment named '" + name + "'");
    }

    /** Changes what counts as success, and recounts every trial by the new labels. */
    public void relabel(String experimentId, List<PositiveLabel> labels) {
        Transactions.useTransaction(jdbi, h -> {
            outcomes.lockExperiments(h, List.of(experimentId));
            h.createUpdate("UPDATE experiments SET positive_labels = :labels, updated_at = :now WHERE id = :id")
                    .bind("labels", Json.text(labels))
                    .bind("now", System.currentTimeMillis())
                    .bind("id", experimentId)
                    .execute();
            outcomes.recount(h, experimentId);
        });
    }

    /**
     * Takes logs about to be deleted out of their experiments' counts. Call it inside the
     * transaction that deletes them, so that the counts and the logs change together.
     */
    public void forgetLogs(List<String> logIds) {
        jdbi.useHandle(h -> outcomes.logsDeleted(h, logIds));
    }

    /** As {@link #forgetLogs}, for every log of a project about to be deleted. */
    public void forgetLogsOfProject(String projectId) {
        jdbi.useHandle(h -> outcomes.projectDeleted(h, projectId));
    }

    /** Deletes an experiment; its logs stay, and its deployments go with it (a catalog change). */
    public void delete(String experimentId) {
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("DELETE FROM experiments WHERE id = :id").bind("id", experimentId).execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    /** Records a trial handed out by sampling, for a later log to name. */
    public String recordTrial(String experimentId, String configId, String environmentId) {
        String id = Ids.next("trial_");
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO trials (id, experiment_id, config_id, environment_id, created_at)
                        VALUES (:id, :experiment, :config, :environment, :now)""")
                .bind("id", id)
                .bind("experiment", experimentId)
                .bind("config", configId)
                .bind("environment", environmentId)
                .bind("now", System.currentTimeMillis())
                .execute());
        return id;
    }

    /**
     * A trial: one draw of a config from an experiment.
     *
     * @param id the trial
     * @param experimentId its experiment
     * @param projectId the experiment's project
     * @param configId the config drawn
     * @param environmentId the environment of the deployment sampled, or null
     */
    public record Trial(String id, String experimentId, String projectId, String configId, String environmentId) {
    }

    /**
     * The trial with this id, of an experiment that still exists. The sample endpoints record
     * their draws in {@code trials}; the chat endpoints' draws are not written twice: the log of
     * each draw carries its trial id, experiment and config, so it serves as the record.
     */
    public Optional<Trial> findTrial(String id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.experiment_id, e.project_id, t.config_id, t.environment_id
                        FROM trials t JOIN experiments e ON e.id = t.experiment_id WHERE t.id = :id""")
                .bind("id", id)
                .map(ExperimentStore::trial)
                .findOne())
                .or(() -> logs.firstLogOfTrial(id).map(logged -> new Trial(logged.trialId(), logged.experimentId(),
                        logged.projectId(), logged.configId(), logged.environmentId())));
    }

    private static Trial trial(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Trial(rs.getString("id"), rs.getString("experiment_id"), rs.getString("project_id"), rs.getString("config_id"),
                rs.getString("environment_id"));
    }
}
