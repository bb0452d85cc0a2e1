package dev.openloop.server.door.console;

import io.helidon.webserver.http.ServerRequest;

/** The page number of a paged list, from {@code ?page=} (0 first). */
final class Paging {
    /** Deeper than this, a list's offset costs more than a person will page through. */
    static final int MAX_PAGE = 10_000;

    private Paging() {
    }

    static int page(ServerRequest req) {
        String given = req.query().first("page").orElse("0");
        try {
            int page = Integer.parseInt(given);
            if (page < 0 || page > MAX_PAGE) {
                throw ConsoleException.badRequest("The page must be between 0 and " + MAX_PAGE);
            }
            return page;
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("The page must be a number");
        }
    }
}
