package dev.openloop.server.project;

import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.catalog.CatalogCache;
import dev.openloop.server.catalog.CatalogChanges;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.Ids;
import dev.openloop.server.store.StoreFailures;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Projects in the database. */
public final class ProjectStore {
    private static final RowMapper<Project> PROJECT = (rs, ctx) -> new Project(rs.getString("id"), rs.getString("name"),
            rs.getString("directory_id"), rs.getString("positive_labels"), rs.getLong("created_at"), rs.getLong("updated_at"));

    /** How many projects a node keeps copies of, by id and by name each. */
    private static final int CACHED = 10_000;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final CatalogChanges changes;
    // Only projects found are kept: a project's creation retires no copy, so "none" would outlive it.
    private final CatalogCache<String, Optional<Project>> byId;
    private final CatalogCache<String, Optional<Project>> byName;

    public ProjectStore(Jdbi jdbi, Dialect dialect, Catalog catalog) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.changes = catalog.changes();
        this.byId = new CatalogCache<>(catalog.generation(), CACHED);
        this.byName = new CatalogCache<>(catalog.generation(), CACHED);
        jdbi.registerRowMapper(Project.class, PROJECT);
    }

    /**
     * The project with this id, as {@link #find} reads it, from this node's copy while no change
     * to a project has committed since it was read (on any node: see {@code catalog}). For a
     * chat's planning, outside transactions.
     */
    public Optional<Project> cachedFind(String id) {
        return byId.get(id, this::find, Optional::isPresent);
    }

    /** As {@link #get}, from this node's copy as {@link #cachedFind} keeps it. */
    public Project cachedGet(String id) {
        return cachedFind(id).orElseThrow(() -> Refusal.notFound("Project " + id + " not found"));
    }

    /** As {@link #findByName}, from this node's copy as {@link #cachedFind} keeps it. */
    public Optional<Project> cachedFindByName(String name) {
        return byName.get(name, this::findByName, Optional::isPresent);
    }

    /**
     * The project that first used config {@code configId} (its oldest link; of links made in the
     * same millisecond, the lowest project id), if any project uses it. One query, the project
     * included.
     */
    public Optional<Project> firstUsingConfig(String configId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, p.name, p.directory_id, p.positive_labels, p.created_at, p.updated_at
                        FROM project_configs pc JOIN projects p ON p.id = pc.project_id
                        WHERE pc.config_id = :config ORDER BY pc.created_at, pc.project_id LIMIT 1""")
                .bind("config", configId)
                .map(ConstructorMapper.of(Project.class))
                .findOne());
    }

    /** The project with this id. */
    public Optional<Project> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id)
                .mapTo(Project.class)
                .findOne());
    }

    /** The project with this id; 404 when there is none. */
    public Project get(String id) {
        return find(id).orElseThrow(() -> Refusal.notFound("Project " + id + " not found"));
    }

    /** The id of the project whose id, or else whose name, is {@code idOrName}. */
    public Optional<String> idOf(String idOrName) {
        return find(idOrName).or(() -> findByName(idOrName)).map(Project::id);
    }

    /** The project with this name. */
    public Optional<Project> findByName(String name) {
        // Plain JDBC: this runs on every chat request that names its project, and Jdbi's statement
        // set-up and row mapping cost several times the query itself.
        return jdbi.withHandle(h -> {
            try (PreparedStatement query = h.getConnection().prepareStatement("SELECT * FROM projects WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(PROJECT.map(row, null)) : Optional.<Project>empty();
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /**
     * The project with this name, created when there is none. Safe under concurrency, on one node
     * or many: the name is unique, so of two racing creators one inserts and both read that row.
     */
    public Project findOrCreateByName(String name) {
        Optional<Project> existing = findByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        insert(name, null);
        return findByName(name).orElseThrow(() -> new IllegalStateException("project " + name + " vanished"));
    }

    /** A new project; 409 when the name is taken. */
    public Project create(String name, String directoryId) {
        if (insert(name, directoryId) == 0) {
            throw nameTaken(name);
        }
        return findByName(name).orElseThrow(() -> new IllegalStateException("project " + name + " vanished"));
    }

    private int insert(String name, String directoryId) {
        long now = System.currentTimeMillis();
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO projects (id, name, directory_id, created_at, updated_at) VALUES (:id, :name, :directory, :now, :now)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("id", Ids.next("pr_"))
                .bind("name", name)
                .bind("directory", directoryId)
                .bind("now", now)
                .execute());
    }

    /**
     * A page of projects.
     *
     * @param filter a part of the name, matched case-insensitively; null for all
     * @param sortBy {@code created_at}, {@code updated_at} or {@code name}
     * @param ascending the order
     */
    public List<Project> list(String filter, String sortBy, boolean ascending, int page, int size) {
        return listFrom(filter, sortBy, ascending, (long) page * size, size);
    }

    /** A page of projects as {@link #list} gives, among the projects of ids {@code among} only; null or empty: all. */
    public List<Project> list(Set<String> among, String filter, String sortBy, boolean ascending, int page, int size) {
        return listFrom(among, filter, sortBy, ascending, (long) page * size, size);
    }

    /**
     * Up to {@code limit} projects from the {@code offset}-th on, in the order {@link #list} gives:
     * a page that reads one more than it shows, to know whether another follows, starts where the
     * page before it ended rather than one past.
     */
    public List<Project> listFrom(String filter, String sortBy, boolean ascending, long offset, int limit) {
        return listFrom(null, filter, sortBy, ascending, offset, limit);
    }

    /** As {@link #listFrom(String, String, boolean, long, int)}, among the projects of ids {@code among} only; null or empty: all. */
    public List<Project> listFrom(Set<String> among, String filter, String sortBy, boolean ascending, long offset, int limit) {
        String column = switch (sortBy) {
            case "name", "updated_at", "created_at" -> sortBy;
            default -> throw new IllegalArgumentException("cannot sort projects by " + sortBy);
        };
        String order = ascending ? "ASC" : "DESC";
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT * FROM projects" + where(among, filter)
                    + " ORDER BY " + column + " " + order + ", id " + order + " LIMIT :limit OFFSET :offset");
            bindFilter(query, among, filter);
            return query.bind("limit", limit).bind("offset", offset).mapTo(Project.class).list();
        });
    }

    /** How many projects {@link #list} pages through. */
    public long count(String filter) {
        return count(null, filter);
    }

    /** How many projects {@link #list(Set, String, String, boolean, int, int)} pages through. */
    public long count(Set<String> among, String filter) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT COUNT(*) FROM projects" + where(among, filter));
            bindFilter(query, among, filter);
            return query.mapTo(Long.class).one();
        });
    }

    private String where(Set<String> among, String filter) {
        List<String> conditions = new ArrayList<>();
        if (among != null && !among.isEmpty()) {
            conditions.add("id IN (<among>)");
        }
        if (filter != null) {
            conditions.add("name " + dialect.ilike() + " :filter ESCAPE '!'");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bindFilter(Query query, Set<String> among, String filter) {
        if (among != null && !among.isEmpty()) {
            query.bindList("among", new ArrayList<>(among));
        }
        if (filter != null) {
            query.bind("filter", "%" + filter.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
    }

    /**
     * Renames a project; 409 when the name is taken. The check first gives the common case a clear
     * answer; the unique name catches a rename racing another to the same name. Run inside the
     * transaction of the request's other changes, the 409 rolls them back too.
     */
    public void rename(String id, String name) {
        checkNameFree(id, name);
        try {
            update(id, "name", name);
        } catch (UnableToExecuteStatementException e) {
            if (StoreFailures.isUniqueViolation(e)) {
                throw nameTaken(name);
            }
            throw e;
        }
    }

    /** 409 unless {@code name} is free for project {@code id} (its own name is). */
    private void checkNameFree(String id, String name) {
        findByName(name).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw nameTaken(name);
        });
    }

    private static Refusal nameTaken(String name) {
        return Refusal.conflict("A project named '" + name + "' exists");
    }

    /** Moves a project to another directory. */
    public void moveTo(String id, String directoryId) {
        update(id, "directory_id", directoryId);
    }

    /** Sets the project's positive labels (JSON). */
    public void setPositiveLabels(String id, String positiveLabels) {
        update(id, "positive_labels", positiveLabels);
    }

    /** Marks the project changed now. */
    public void touch(String id) {
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("UPDATE projects SET updated_at = :now WHERE id = :id")
                    .bind("now", System.currentTimeMillis())
                    .bind("id", id)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    private void update(String id, String column, String value) {
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("UPDATE projects SET " + column + " = :value, updated_at = :now WHERE id = :id")
                    .bind("value", value)
                    .bind("now", System.currentTimeMillis())
                    .bind("id", id)
                    .execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }

    /** Deletes a project with its logs, configs links, experiments and deployments. */
    public void delete(String id) {
        jdbi.useHandle(h -> {
            int changed = h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute();
            if (changed > 0) {
                changes.changed(h);
            }
        });
    }
}
