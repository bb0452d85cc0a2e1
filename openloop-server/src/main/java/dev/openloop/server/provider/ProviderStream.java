package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A streaming provider call, read by pulling events. Closing it before its end aborts the call
 * upstream (the client went away, or the server is stopping).
 */
public interface ProviderStream extends AutoCloseable {

    /** The body sent to the provider. */
    JsonNode providerRequest();

    /**
     * Blocks for the next event.
     *
     * @return the next event, or {@code null} once the provider finished the stream
     * @throws ProviderFailure when the provider fails or the stream breaks
     */
    StreamEvent next();

    /** The provider's raw stream chunks read so far, for the log. */
    List<JsonNode> rawChunks();

    /** Aborts the call if it is still running; never throws. */
    @Override
    void close();
}
