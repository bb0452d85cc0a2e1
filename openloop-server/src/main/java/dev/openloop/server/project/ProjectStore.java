package dev.openloop.server.project;

import dev.openloop.server.http.ApiException;
import dev.openloop.server.store.Ids;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Projects in the database. */
public final class ProjectStore {
    private final Jdbi jdbi;

    public ProjectStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(Project.class));
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
        return find(id).orElseThrow(() -> ApiException.notFound("Project " + id + " not found"));
    }

    /** The project with this name. */
    public Optional<Project> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE name = :name")
                .bind("name", name)
                .mapTo(Project.class)
                .findOne());
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
        long now = System.currentTimeMillis();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO projects (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("id", Ids.next("pr_"))
                .bind("name", name)
                .bind("now", now)
                .execute());
        return findByName(name).orElseThrow(() -> new IllegalStateException("project " + name + " vanished"));
    }
}
