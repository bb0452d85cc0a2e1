package dev.openloop.server.door.console;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.chat.SampleAnswer;
import dev.openloop.server.door.sse.SseEvents;
import dev.openloop.server.web.SseWriter;
import java.util.List;
import java.util.Map;

/**
 * The playground's stream, as server-sent events the page's script reads: each piece of the first
 * sample's text as {@code {"data":[{"id","index","output"}]}} (the fields of a v4 stream event it
 * uses), and a failure as {@code event: error} with {@code {"detail": {"message": ...}}}.
 */
final class PlaygroundEvents extends SseEvents {

    PlaygroundEvents(SseWriter sse) {
        super(sse);
    }

    @Override
    public void text(SampleAnswer delta) {
        send(Map.of("data", List.of(Map.of("id", delta.logId(), "index", delta.index(),
                "output", delta.text() == null ? "" : delta.text()))));
    }

    @Override
    public void end(SampleAnswer end, Usage usage) {
        // The page shows the text; the log's page has the rest.
    }

    @Override
    public void failed(RuntimeException failure) {
        send("error", Map.of("detail", Map.of("message", ConsoleFailures.message(failure))));
    }
}
