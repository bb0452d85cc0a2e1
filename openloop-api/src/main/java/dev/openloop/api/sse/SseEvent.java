package dev.openloop.api.sse;

/**
 * One server-sent event, as dispatched by {@link SseReader}.
 *
 * @param event the event type; {@code "message"} when the stream named none
 * @param data the data lines of the event, joined with {@code \n}
 * @param id the last event id seen on the stream, or {@code null}
 */
public record SseEvent(String event, String data, String id) {
}
