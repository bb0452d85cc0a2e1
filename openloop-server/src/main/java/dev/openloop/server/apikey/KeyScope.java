package dev.openloop.server.apikey;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a key reaches: its role, and the projects it is limited to. A key limited to projects
 * sees nothing of any other: no project, config, experiment, session, log or feedback of it.
 *
 * <p>Projects are held by id, not by name, so that renaming a project neither widens nor
 * narrows a key. A key limited to projects creates none: a project that does not exist yet
 * cannot be one of its projects.
 *
 * @param role what the key may do
 * @param projectIds the ids of the projects it is limited to; empty when it reaches every project
 */
public record KeyScope(Role role, Set<String> projectIds) {
    /** Everything: today's keys, and what a node itself does. */
    public static final KeyScope ADMIN = new KeyScope(Role.ADMIN, Set.of());

    public KeyScope {
        projectIds = projectIds == null ? Set.of() : Set.copyOf(projectIds);
    }

    /** A key of {@code role} limited to {@code projectIds}, or reaching every project when they are empty. */
    public static KeyScope of(Role role, Collection<String> projectIds) {
        return new KeyScope(role, projectIds == null ? Set.of() : Set.copyOf(projectIds));
    }

    /** Whether the key reaches every project, those created later included. */
    public boolean everyProject() {
        return projectIds.isEmpty();
    }

    /** Whether the key reaches the project of id {@code projectId}; a thing of no project only an unlimited key reaches. */
    public boolean reaches(String projectId) {
        return everyProject() || (projectId != null && projectIds.contains(projectId));
    }

    /** Whether the key may create projects: a key that writes and is limited to none. */
    public boolean mayCreateProjects() {
        return everyProject() && role.allows(Role.WRITE);
    }

    /** The project ids in a stable order, for listing. */
    public Set<String> sortedProjectIds() {
        return new TreeSet<>(projectIds);
    }
}
