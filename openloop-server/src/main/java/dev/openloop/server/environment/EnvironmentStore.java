package dev.openloop.server.environment;

import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.catalog.CatalogCache;
import dev.openloop.server.catalog.CatalogChanges;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Environments. Every store has a default one, {@code production} unless renamed. */
public final class EnvironmentStore {
    /** The name of the environment a new store starts with. */
    public static final String FIRST_ENVIRONMENT = "production";

    private final Jdbi jdbi;
    private final CatalogChanges changes;
    private final CatalogCache<String, Environment> byName;
    private final CatalogCache<Boolean, Environment> byDefault;

    public EnvironmentStore(Jdbi jdbi, Catalog catalog) {
        this.jdbi = jdbi;
        this.changes = catalog.changes();
        this.byName = new CatalogCache<>(catalog.generation(), 1_000);
        this.byDefault = new CatalogCache<>(catalog.generation(), 1);
        jdbi.registerRowMapper(ConstructorMapper.factory(Environment.class));
    }

    /**
     * As {@link #byNameOrDefault}, from this node's copy while no environment was created since it
     * was read (on any node: see {@code catalog}). For a chat's planning, outside transactions.
     */
    public Environment cachedByNameOrDefault(String name) {
        if (name == null) {
            return byDefault.get(Boolean.TRUE, ignored -> defaultEnvironment());
        }
        return byName.get(name, this::byNameOrDefault);
    }

    /** Creates {@code production} as the default environment unless a default exists; safe on many nodes at once. */
    public void ensureDefault() {
        jdbi.useHandle(h -> {
            boolean hasDefault = h.createQuery("SELECT COUNT(*) FROM environments WHERE is_default = TRUE")
                    .mapTo(Integer.class).one() > 0;
            if (!hasDefault) {
                int changed = h.createUpdate("""
                                INSERT INTO environments (id, name, is_default, created_at) VALUES (:id, :name, TRUE, :now)
                                ON CONFLICT (name) DO NOTHING""")
                        .bind("id", Ids.next("env_"))
                        .bind("name", FIRST_ENVIRONMENT)
                        .bind("now", System.currentTimeMillis())
                        .execute();
                if (changed > 0) {
                    changes.changed(h);
                }
            }
        });
    }

    /** Every environment, the default first. */
    public List<Environment> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM environments ORDER BY is_default DESC, created_at, name")
                .mapTo(Environment.class)
                .list());
    }

    /** The default environment. */
    public Environment defaultEnvironment() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM environments WHERE is_default = TRUE ORDER BY created_at")
                        .mapTo(Environment.class)
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("the store has no default environment"));
    }

    /** The environment named {@code name}, or the default one when {@code name} is null; 404 when unknown. */
    public Environment byNameOrDefault(String name) {
        if (name == null) {
            return defaultEnvironment();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM environments WHERE name = :name")
                        .bind("name", name)
                        .mapTo(Environment.class)
                        .findOne())
                .orElseThrow(() -> Refusal.notFound("Environment '" + name + "' not found"));
    }

    /** The environment with this id; 404 when unknown. */
    public Environment get(String id) {
        return find(id).orElseThrow(() -> Refusal.notFound("Environment " + id + " not found"));
    }

    private Optional<Environment> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM environments WHERE id = :id")
                .bind("id", id)
                .mapTo(Environment.class)
                .findOne());
    }

    /** A new environment; 409 when the name is taken. */
    public Environment create(String name) {
        Environment environment = new Environment(Ids.next("env_"), name, false, System.currentTimeMillis());
        int inserted = jdbi.withHandle(h -> {
            int rows = h.createUpdate("""
                            INSERT INTO environments (id, name, is_default, created_at) VALUES (:id, :name, FALSE, :createdAt)
                            ON CONFLICT (name) DO NOTHING""")
                    .bindMethods(environment)
                    .execute();
            if (rows > 0) {
                changes.changed(h);
            }
            return rows;
        });
        if (inserted == 0) {
            throw Refusal.conflict("An environment named '" + name + "' exists");
        }
        return environment;
    }
}
