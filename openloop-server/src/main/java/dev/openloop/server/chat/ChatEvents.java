package dev.openloop.server.chat;

import dev.openloop.api.chat.Usage;

/**
 * Where a streamed chat goes, as the chat flow produces it: each door writes the events in its
 * own format. Opened once the stream's logs are committed; every method may find the client gone
 * and throw {@link ClientGone}, which ends the relay of that call.
 */
public interface ChatEvents extends AutoCloseable {

    /** A piece of a sample's text. */
    void text(SampleAnswer delta);

    /** A sample's end: its tool calls and finish reason, and its share of the usage (estimated when the provider gave none). */
    void end(SampleAnswer end, Usage usage);

    /**
     * The stream's last event: the first failure among its calls, once every log is committed; a
     * {@link dev.openloop.server.provider.ProviderFailure} or a {@link dev.openloop.server.failure.Refusal}
     * (e.g. the logs could not be stored), which the door words as it words them before a stream.
     */
    void failed(RuntimeException failure);

    /** Something to keep a quiet stream open (a provider thinking, or sending only tool calls). */
    void keepAlive();

    /** Whether the client has gone away. */
    boolean clientGone();

    /** Ends the stream. */
    @Override
    void close();

    /** The client went away: what it was sent last did not reach it. */
    final class ClientGone extends RuntimeException {
        public ClientGone(Throwable cause) {
            super("the client went away", cause, false, false);
        }
    }
}
