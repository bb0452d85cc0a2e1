package dev.openloop.server.door.v4;

import dev.openloop.server.chatlog.LogFilter;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sends a page of a project's logs, newest first, as v4's {@code PaginatedData}: each log is
 * read, answered with its texts as previews ({@link LogPreviews}) and written to the client
 * before the next is read, so a listing holds one log at a time, never the page or its answer.
 */
public final class LogListing {
    /**
     * How far past the page's end a search's {@code total} is counted. A term most of the
     * project's logs hold is counted no further, so that its first page does not pay for counting
     * a million logs: its total is then the page's end plus this many, a lower bound that still
     * tells whether a next page exists (the SDKs page on while {@code page * size < total}), and
     * the exact count once the pages come within this many of the last match.
     */
    static final int SEARCH_TOTAL_AHEAD = 1_000;

    private final LogStore logs;
    private final LogResponses responses;

    public LogListing(LogStore logs, LogResponses responses) {
        this.logs = logs;
        this.responses = responses;
    }

    /**
     * Sends page {@code page} of {@code size} logs of the project.
     *
     * @param search text to find ({@link LogSearch}), or null for all
     * @param fromMillis the earliest creation time, or null
     * @param beforeMillis creation times before this, or null
     */
    public void send(ServerResponse res, String projectId, String search, Long fromMillis, Long beforeMillis, int page,
            int size) {
        LogFilter filter = LogFilter.of(projectId, search, fromMillis, beforeMillis);
        List<String> ids = logs.listIds(filter, page, size);
        long total = search == null ? logs.count(filter, Long.MAX_VALUE)
                : logs.count(filter, (long) page * size + size + SEARCH_TOTAL_AHEAD);
        LogResponses.Page answers = responses.page(ids);
        JsonAnswers.stream(res, 200, generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("records");
            logs.forEach(ids, row -> {
                try {
                    generator.writeObject(answers.response(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            generator.writeEndArray();
            generator.writeNumberField("page", page);
            generator.writeNumberField("size", size);
            generator.writeNumberField("total", total);
            generator.writeEndObject();
        });
    }
}
