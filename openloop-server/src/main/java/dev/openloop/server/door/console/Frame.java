package dev.openloop.server.door.console;

/**
 * What the layout of every page needs.
 *
 * @param title the page's title
 * @param csrfToken the session's CSRF token for the page's forms; null when signed out
 * @param section the navigation entry to mark current: {@code projects}, {@code keys} or null
 * @param mayChange whether the page shows its changes (forms that POST): not to a {@code read} key
 */
public record Frame(String title, String csrfToken, String section, boolean mayChange) {

    /** A frame for a page without a session: signing in, or an error. */
    public Frame(String title, String csrfToken, String section) {
        this(title, csrfToken, section, csrfToken != null);
    }

    /** A frame for a page shown in {@code session}. */
    static Frame of(String title, ConsoleSession session, String section) {
        return new Frame(title, session.csrfToken(), section, session.mayChange());
    }

    public boolean signedIn() {
        return csrfToken != null;
    }
}
