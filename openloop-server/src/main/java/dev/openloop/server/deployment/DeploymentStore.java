package dev.openloop.server.deployment;

import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.catalog.CatalogCache;
import dev.openloop.server.catalog.CatalogChanges;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Deployments: one per project and environment. */
public final class DeploymentStore {
    private final Jdbi jdbi;
    private final CatalogChanges changes;
    // Keyed by project and environment; "nothing deployed" is kept too, since every deployment retires copies.
    private final CatalogCache<Placement, Optional<Deployment>> cached;

    /** Where a deployment is. */
    private record Placement(String projectId, String environmentId) {
    }

    public DeploymentStore(Jdbi jdbi, Catalog catalog) {
        this.jdbi = jdbi;
        this.changes = catalog.changes();
        this.cached = new CatalogCache<>(catalog.generation(), 10_000);
        jdbi.registerRowMapper(ConstructorMapper.factory(Deployment.class));
    }

    /**
     * As {@link #find}, from this node's copy while no deployment changed since it was read (on
     * any node: see {@code catalog}). For a chat's planning, outside transactions.
     */
    public Optional<Deployment> cachedFind(String projectId, String environmentId) {
        return cached.get(new Placement(projectId, environmentId), placement -> find(placement.projectId(), placement.environmentId()));
    }

    /** What {@code projectId} has deployed to {@code environmentId}. */
    public Optional<Deployment> find(String projectId, String environmentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deployments WHERE project_id = :project AND environment_id = :environment")
                .bind("project", projectId)
                .bind("environment", environmentId)
                .mapTo(Deployment.class)
                .findOne());
    }

    /** Everything {@code projectId} has deployed. */
    public List<Deployment> list(String projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deployments WHERE project_id = :project")
                .bind("project", projectId)
                .mapTo(Deployment.class)
                .list());
    }

    /** The first {@code limit} deployments by project and environment name, in that order. */
    public List<DeployedName> names(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id AS project_id, p.name AS project, e.name AS environment, e.is_default AS default_environment, d.created_at
                        FROM deployments d
                        JOIN projects p ON p.id = d.project_id
                        JOIN environments e ON e.id = d.environment_id
                        ORDER BY p.name, e.name
                        LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new DeployedName(rs.getString("project_id"), rs.getString("project"), rs.getString("environment"),
                        rs.getBoolean("default_environment"), rs.getLong("created_at")))
                .list());
    }

    /** Deploys a config to an environment, replacing what was there. */
    public void deployConfig(String projectId, String environmentId, String configId) {
        put(projectId, environmentId, configId, null);
    }

    /** Deploys an experiment to an environment, replacing what was there. */
    public void deployExperiment(String projectId, String environmentId, String experimentId) {
        put(projectId, environmentId, null, experimentId);
    }

    /** Deploys {@code configId} to the environment only if nothing is deployed there yet. */
    public void deployConfigIfEmpty(String projectId, String environmentId, String configId) {
        long now = System.currentTimeMillis();
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("""
                            INSERT INTO deployments (project_id, environment_id, config_id, experiment_id, created_at, updated_at)
                            VALUES (:project, :environment, :config, NULL, :now, :now)
                            ON CONFLICT (project_id, environment_id) DO NOTHING""")
                    .bind("project", projectId)
                    .bind("environment", environmentId)
                    .bind("config", configId)
                    .bind("now", now)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    private void put(String projectId, String environmentId, String configId, String experimentId) {
        long now = System.currentTimeMillis();
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("""
                            INSERT INTO deployments (project_id, environment_id, config_id, experiment_id, created_at, updated_at)
                            VALUES (:project, :environment, :config, :experiment, :now, :now)
                            ON CONFLICT (project_id, environment_id)
                            DO UPDATE SET config_id = :config, experiment_id = :experiment, updated_at = :now""")
                    .bind("project", projectId)
                    .bind("environment", environmentId)
                    .bind("config", configId)
                    .bind("experiment", experimentId)
                    .bind("now", now)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    /** Removes what {@code projectId} has deployed to {@code environmentId}; true when there was something. */
    public boolean remove(String projectId, String environmentId) {
        return jdbi.withHandle(h -> {
            int removed = h.createUpdate("DELETE FROM deployments WHERE project_id = :project AND environment_id = :environment")
                    .bind("project", projectId)
                    .bind("environment", environmentId)
                    .execute();
            if (removed > 0) {
                changes.changed(h);
            }
            return removed;
        }) > 0;
    }

    /** Removes the deployment only if it is a config. */
    public void removeConfig(String projectId, String environmentId) {
        removeIfSet(projectId, environmentId, "config_id");
    }

    /** Removes the deployment only if it is an experiment. */
    public void removeExperiment(String projectId, String environmentId) {
        removeIfSet(projectId, environmentId, "experiment_id");
    }

    /** Removes the deployment if {@code column} (one of this class's constants) is set in it. */
    private void removeIfSet(String projectId, String environmentId, String column) {
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("DELETE FROM deployments WHERE project_id = :project AND environment_id = :environment AND "
                            + column + " IS NOT NULL")
                    .bind("project", projectId)
                    .bind("environment", environmentId)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }
}
