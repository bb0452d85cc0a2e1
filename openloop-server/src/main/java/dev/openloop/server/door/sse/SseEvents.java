package dev.openloop.server.door.sse;

import dev.openloop.server.chat.ChatEvents;
import dev.openloop.server.web.SseWriter;

/**
 * A streamed chat as server-sent events, in what every door's stream shares: keep-alive comments,
 * the client going away, the end of the stream. A door's subclass words the events themselves;
 * what it sends through {@link #send} tells the chat flow when the client has gone.
 */
public abstract class SseEvents implements ChatEvents {
    private final SseWriter sse;

    protected SseEvents(SseWriter sse) {
        this.sse = sse;
    }

    /** Sends {@code data} as an event's JSON. */
    protected final void send(Object data) {
        relay(() -> sse.send(data));
    }

    /** Sends {@code data} as the JSON of an event named {@code event}. */
    protected final void send(String event, Object data) {
        relay(() -> sse.send(event, data));
    }

    /** Sends {@code text} as an event's data as it is, not as JSON (e.g. OpenAI's {@code [DONE]}). */
    protected final void sendText(String text) {
        relay(() -> sse.sendText(text));
    }

    /**
     * What the door sends last, once every sample has ended, before the stream closes: nothing
     * unless a door's protocol ends its streams with events of its own. Not called when the client
     * has gone.
     */
    protected void ending() {
    }

    @Override
    public final void keepAlive() {
        relay(() -> sse.comment("keep-alive"));
    }

    @Override
    public final boolean clientGone() {
        return sse.clientGone();
    }

    @Override
    public final void close() {
        try {
            if (!sse.clientGone()) {
                ending();
            }
        } catch (ChatEvents.ClientGone e) {
            // The logs are committed; the client left before the end.
        } finally {
            sse.close();
        }
    }

    /** A write that found the client gone is the chat flow's {@link ChatEvents.ClientGone}: it stops relaying that call. */
    private static void relay(Runnable write) {
        try {
            write.run();
        } catch (SseWriter.ClientGoneException e) {
            throw new ChatEvents.ClientGone(e);
        }
    }
}
