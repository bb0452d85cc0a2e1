package dev.openloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatResponse;

/**
 * One event of a chat stream: the v4 answer envelope whose {@code data} holds one delta of one
 * sample. Deltas of several samples may interleave; {@link #index()} tells them apart.
 *
 * @param envelope the event, typed; {@code envelope.data().get(0)} is the delta
 * @param raw the event as JSON, with every field
 */
public record ChatChunk(ChatResponse envelope, JsonNode raw) {

    /**
     * The delta: the new text of one sample, and on the sample's last event its finish reason.
     *
     * @return the delta: the new text of one sample, and on the sample's last event its finish reason
     */
    public ChatDataResponse delta() {
        return envelope.data() == null || envelope.data().isEmpty() ? null : envelope.data().getFirst();
    }

    /**
     * The sample this delta belongs to, from 0.
     *
     * @return the sample this delta belongs to, from 0
     */
    public int index() {
        ChatDataResponse delta = delta();
        return delta == null ? 0 : delta.index();
    }

    /**
     * The new text, exactly as generated (not trimmed); {@code ""} when the event has none.
     *
     * @return the new text, exactly as generated (not trimmed); {@code ""} when the event has none
     */
    public String output() {
        ChatDataResponse delta = delta();
        return delta == null || delta.output() == null ? "" : delta.output();
    }

    /**
     * The id of the sample's log ({@code data_…}), known from the first event on.
     *
     * @return the id of the sample's log ({@code data_…}), known from the first event on
     */
    public String logId() {
        ChatDataResponse delta = delta();
        return delta == null ? null : delta.id();
    }

    /**
     * Why the sample ended; {@code null} until its last event.
     *
     * @return why the sample ended; {@code null} until its last event
     */
    public String finishReason() {
        ChatDataResponse delta = delta();
        return delta == null ? null : delta.finishReason();
    }

    /**
     * Whether this is the last event of its sample.
     *
     * @return whether this is the last event of its sample
     */
    public boolean isLast() {
        return finishReason() != null;
    }
}
