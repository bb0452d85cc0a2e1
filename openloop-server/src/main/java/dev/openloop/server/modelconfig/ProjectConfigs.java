package dev.openloop.server.modelconfig;

import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.store.Timestamps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Which configs projects use, and how much: {@code ProjectConfigResponse}s. */
public final class ProjectConfigs {
    /** A use without its figures, which the logs give ({@link #withUse}). */
    private static final String SELECT = """
            SELECT pc.project_id, p.name AS project_name, pc.config_id, pc.created_at,
                NULL AS last_used, 0 AS num_datapoints
            FROM project_configs pc JOIN projects p ON p.id = pc.project_id
            """;

    private final Jdbi jdbi;
    private final ModelConfigStore configs;
    private final LogStore logs;

    public ProjectConfigs(Jdbi jdbi, ModelConfigStore configs, LogStore logs) {
        this.jdbi = jdbi;
        this.configs = configs;
        this.logs = logs;
        jdbi.registerRowMapper(ConstructorMapper.factory(ProjectConfig.class));
    }

    /** The configs {@code projectId} uses, oldest first. */
    public List<ProjectConfig> of(String projectId) {
        return withUse(projectId, jdbi.withHandle(h -> h.createQuery(SELECT
                        + " WHERE pc.project_id = :project ORDER BY pc.created_at, pc.config_id")
                .bind("project", projectId)
                .mapTo(ProjectConfig.class)
                .list()));
    }

    /** {@code used}, configs of {@code projectId}, with how many of its logs used each and when last. */
    private List<ProjectConfig> withUse(String projectId, List<ProjectConfig> used) {
        Map<String, LogStore.ConfigUse> use = logs.configUse(projectId, used.stream().map(ProjectConfig::configId).toList());
        return used.stream().map(config -> {
            LogStore.ConfigUse figures = use.get(config.configId());
            return figures == null ? config : new ProjectConfig(config.projectId(), config.projectName(), config.configId(),
                    config.createdAt(), figures.lastUsed(), figures.logs());
        }).toList();
    }

    /**
     * The ids of the configs {@code projectId} uses, oldest first, without their use counts: what a
     * page that only names them needs (the counts read every log of each config).
     */
    public List<String> idsOf(String projectId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT config_id FROM project_configs WHERE project_id = :project ORDER BY created_at, config_id")
                .bind("project", projectId)
                .mapTo(String.class)
                .list());
    }

    /** Whether {@code projectId} uses {@code configId}: one lookup by key. */
    public boolean uses(String projectId, String configId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM project_configs WHERE project_id = :project AND config_id = :config")
                .bind("project", projectId)
                .bind("config", configId)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    /** Whether {@code projectId} uses any config. */
    public boolean any(String projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM project_configs WHERE project_id = :project")
                .bind("project", projectId)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    /** How {@code projectId} uses {@code configId}, if it does. */
    public Optional<ProjectConfig> find(String projectId, String configId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE pc.project_id = :project AND pc.config_id = :config")
                        .bind("project", projectId)
                        .bind("config", configId)
                        .mapTo(ProjectConfig.class)
                        .findOne())
                .map(config -> withUse(projectId, List.of(config)).getFirst());
    }

    /**
     * The answer for {@code used}.
     *
     * @param experimentId an experiment of the project with the config, or null
     * @param trialId the trial of a draw, or null
     * @param environmentId the environment whose deployment gave it, or null
     */
    public ProjectConfigResponse response(ProjectConfig used, String experimentId, String trialId, String environmentId) {
        StoredConfig stored = configs.get(used.configId());
        return new ProjectConfigResponse(
                used.projectId(),
                used.projectName(),
                Timestamps.at(used.createdAt()),
                Timestamps.at(used.createdAt()),
                Timestamps.at(used.lastUsed() != null ? used.lastUsed() : used.createdAt()),
                null,
                used.numDatapoints(),
                experimentId,
                List.of(),
                ModelConfigResponses.of(stored, configs),
                trialId,
                environmentId);
    }
}
