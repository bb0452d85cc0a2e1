package dev.openloop.server.chat;

import dev.openloop.server.project.Project;

/**
 * The project a chat request names, as found before anything is written: one that exists, a name
 * used for the first time, or none. A new name's project is created only once the request is
 * going to be served, so a refused request leaves no project behind.
 *
 * @param existing the project, when it exists; else null
 * @param newName the name of the project to create, when no project has it yet; else null
 */
record RequestedProject(Project existing, String newName) {
    /** The request names no project. */
    static final RequestedProject NONE = new RequestedProject(null, null);

    static RequestedProject of(Project existing) {
        return new RequestedProject(existing, null);
    }

    static RequestedProject toCreate(String name) {
        return new RequestedProject(null, name);
    }

    boolean isNone() {
        return existing == null && newName == null;
    }

    /** The project's id; null when it does not exist (yet). */
    String id() {
        return existing == null ? null : existing.id();
    }

    /** The project as a message names it: its id and name, or the new name. */
    String describe() {
        if (existing != null) {
            return existing.id() + " (" + existing.name() + ")";
        }
        return newName == null ? "(none)" : "'" + newName + "'";
    }
}
