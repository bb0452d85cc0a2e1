package dev.openloop.server.modelconfig;

import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.catalog.CatalogCache;
import dev.openloop.server.catalog.CatalogChanges;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.json.Json;
import dev.openloop.server.store.KnownSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Config versions and which projects use them. Versions never change once stored, so the ids
 * and project links this node has already written are remembered and not written again.
 *
 * <p>These methods may run inside a caller's transaction (Jdbi hands them the thread's open
 * handle). What they learn is then remembered only once that transaction commits: a version or
 * link written by a transaction that rolls back was never stored, and must not be taken for one.
 */
public final class ModelConfigStore {
    private final Jdbi jdbi;
    private final KnownSet projectLinks = new KnownSet(100_000);
    // Versions never change, so one read is good for the life of the node.
    private final Map<String, StoredConfig> versions = new ConcurrentHashMap<>();
    private final Map<ModelConfigRequest, StoredConfig> registrations = new ConcurrentHashMap<>();

    private final CatalogChanges changes;
    // Fallbacks change through registrations on any node: a copy lasts while no change committed.
    private final CatalogCache<String, List<Fallback>> fallbacks;

    public ModelConfigStore(Jdbi jdbi, Catalog catalog) {
        this.jdbi = jdbi;
        this.changes = catalog.changes();
        this.fallbacks = new CatalogCache<>(catalog.generation(), 10_000);
    }

    /**
     * What a config was found as, before anything is stored: the version it is, and whether that
     * version is still to be stored. {@link #store} takes it on, so that serving a config costs
     * one look-up: no second hash of the config, no second query.
     *
     * @param given the config as the caller gave it, which this node remembers the version by
     * @param version the version it is: as stored, or, when new, as {@link #store} will store it
     * @param state how far the version is stored and remembered
     */
    public record Lookup(ModelConfigRequest given, StoredConfig version, State state) {
        /** How far a looked-up version is stored and remembered. */
        public enum State {
            /** Stored, and remembered by the config as given: nothing left to do. */
            REMEMBERED,
            /** Stored, but found in the database: to be remembered. */
            STORED,
            /** Not stored yet. */
            NEW
        }
    }

    /**
     * The version {@code config} is, looked up without storing anything, so that a request can be
     * checked against its config before anything is written. A config without a name gets one
     * made of its model and id.
     */
    public Lookup lookUp(ModelConfigRequest config) {
        // Fallbacks are not a parameter: the version is the config without them ({@link #setFallbacks}).
        config = config.withoutFallbacks();
        // Inline configs repeat from request to request: what a config was found as is kept, so
        // the canonical JSON and its hash are not made again.
        StoredConfig registered = registrations.get(config);
        if (registered != null) {
            return new Lookup(config, registered, Lookup.State.REMEMBERED);
        }
        ModelConfigRequest withDefaults = config.withDefaults();
        String id = ConfigIdentity.idOf(withDefaults);
        Optional<StoredConfig> existing = find(id);
        if (existing.isPresent()) {
            return new Lookup(config, existing.get(), Lookup.State.STORED);
        }
        if (withDefaults.name() == null) {
            withDefaults = withDefaults.toBuilder().name(withDefaults.model() + "-" + id.substring(7, 13)).build();
        }
        return new Lookup(config, new StoredConfig(id, withDefaults, System.currentTimeMillis()), Lookup.State.NEW);
    }

    /**
     * Stores the version {@link #lookUp} found, when it is new, and returns it as stored. The first
     * registration's name and description stay with the version.
     */
    public StoredConfig store(Lookup lookup) {
        if (lookup.state() == Lookup.State.REMEMBERED) {
            return lookup.version();
        }
        return jdbi.withHandle(h -> {
            StoredConfig stored = lookup.state() == Lookup.State.NEW ? insert(lookup.version()) : lookup.version();
            onceCommitted(h, () -> {
                if (registrations.size() >= 10_000) {
                    registrations.clear();
                }
                registrations.put(lookup.given(), stored);
            });
            return stored;
        });
    }

    /** Stores the version of {@code config} unless it exists, and returns it as stored: {@link #lookUp}, then {@link #store}. */
    public StoredConfig register(ModelConfigRequest config) {
        return store(lookUp(config));
    }

    private StoredConfig insert(StoredConfig version) {
        String body = Json.text(version.config());
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO model_configs (id, body, created_at) VALUES (:id, :body, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", version.id())
                .bind("body", body)
                .bind("now", System.currentTimeMillis())
                .execute());
        // Read back: another node may have stored the same version a moment earlier.
        return find(version.id()).orElseThrow(() -> new IllegalStateException("config " + version.id() + " vanished"));
    }

    /**
     * Replaces the fallbacks stored with config {@code configId}; an empty list removes them. They
     * are not part of the version (its id is its parameters'), so a registration that names other
     * fallbacks changes them for every user of the config: the last registration's list holds.
     */
    public void setFallbacks(String configId, List<Fallback> fallbacks) {
        String json = fallbacks.isEmpty() ? null : Json.text(fallbacks);
        jdbi.useHandle(h -> {
            // Only a list that differs is a change: registering a config again as it is waits for no other node.
            int changed = h.createUpdate("UPDATE model_configs SET fallbacks = :fallbacks WHERE id = :id AND fallbacks IS DISTINCT FROM :fallbacks")
                    .bind("fallbacks", json)
                    .bind("id", configId)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    /**
     * As {@link #fallbacks}, from this node's copy while no catalog change committed since it was
     * read (on any node: see {@code catalog}). For a chat's planning, outside transactions.
     */
    public List<Fallback> cachedFallbacks(String configId) {
        return fallbacks.get(configId, this::fallbacks);
    }

    /**
     * The fallbacks stored with config {@code configId}, in order; empty when none. Read afresh
     * each time, not remembered like versions: another node may have changed them.
     */
    public List<Fallback> fallbacks(String configId) {
        String json = jdbi.withHandle(h -> h.createQuery("SELECT fallbacks FROM model_configs WHERE id = :id")
                .bind("id", configId)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
        return json == null ? List.of() : List.of(Json.parse(json, Fallback[].class));
    }

    /** Records that {@code projectId} uses config {@code configId}; doing it twice is harmless. */
    public void link(String projectId, String configId) {
        String key = projectId + "/" + configId;
        if (projectLinks.contains(key)) {
            return;
        }
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            INSERT INTO project_configs (project_id, config_id, created_at) VALUES (:project, :config, :now)
                            ON CONFLICT (project_id, config_id) DO NOTHING""")
                    .bind("project", projectId)
                    .bind("config", configId)
                    .bind("now", System.currentTimeMillis())
                    .execute();
            onceCommitted(h, () -> projectLinks.add(key));
        });
    }

    /** Runs {@code remember} once what {@code h} wrote is committed: now outside a transaction, at its commit inside one. */
    private static void onceCommitted(Handle h, Runnable remember) {
        if (h.isInTransaction()) {
            h.afterCommit(remember);
        } else {
            remember.run();
        }
    }

    /** Forgets what this node remembers of a project's links (after the project is deleted). */
    public void forgetProject(String projectId) {
        projectLinks.forgetPrefix(projectId + "/");
    }

    /** The stored version with this id. */
    public Optional<StoredConfig> find(String id) {
        StoredConfig known = versions.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        return jdbi.withHandle(h -> {
            Optional<StoredConfig> stored = h.createQuery("SELECT id, body, created_at FROM model_configs WHERE id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> new StoredConfig(rs.getString("id"),
                            Json.parse(rs.getString("body"), ModelConfigRequest.class), rs.getLong("created_at")))
                    .findOne();
            stored.ifPresent(config -> onceCommitted(h, () -> {
                if (versions.size() >= 10_000) {
                    versions.clear();
                }
                versions.put(config.id(), config);
            }));
            return stored;
        });
    }

    /** The stored version with this id; 404 when there is none. */
    public StoredConfig get(String id) {
        return find(id).orElseThrow(() -> Refusal.notFound("Model config " + id + " not found"));
    }
}
