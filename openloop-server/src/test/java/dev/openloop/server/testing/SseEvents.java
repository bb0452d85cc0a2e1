package dev.openloop.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.api.sse.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole server-sent event body into its events. */
public final class SseEvents {
    private SseEvents() {
    }

    public static List<SseEvent> parse(String body) {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The data of each unnamed event, as JSON. */
    public static List<JsonNode> data(String body) {
        return parse(body).stream().filter(e -> e.event().equals("message")).map(e -> TestServer.json(e.data())).toList();
    }
}
