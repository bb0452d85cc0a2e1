package dev.openloop.server.door.console;

/**
 * What the layout of every page needs.
 *
 * @param title the page's title
 * @param csrfToken the session's CSRF token for the page's forms; null when signed out
 * @param section the navigation entry to mark current: {@code projects}, {@code keys} or null
 */
public record Frame(String title, String csrfToken, String section) {

    public boolean signedIn() {
        return csrfToken != null;
    }
}
