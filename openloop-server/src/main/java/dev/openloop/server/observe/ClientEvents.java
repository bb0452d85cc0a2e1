package dev.openloop.server.observe;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.RequestException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Tells a failure of the client's making (it closed its connection mid-request or stopped
 * reading, or sent a malformed request) from a fault of the server: the first is expected and
 * logged quietly, the second is logged in full.
 */
public final class ClientEvents {
    private static final Set<String> PEER_GONE = Set.of("Broken pipe", "Connection reset", "Socket closed",
            "Connection closed", "Stream closed");

    private ClientEvents() {
    }

    /** What the client did, when {@code failure} (or one of its causes) is of its making; else null. */
    public static String describe(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof DataReader.InsufficientDataAvailableException || cause instanceof EOFException) {
                return "the client closed its connection mid-request";
            }
            if (cause instanceof ClosedChannelException || cause instanceof SocketWriterException) {
                return "the connection was closed while answering";
            }
            if (cause instanceof IOException && cause.getMessage() != null
                    && PEER_GONE.stream().anyMatch(cause.getMessage()::startsWith)) {
                return "the client closed its connection";
            }
            if (cause instanceof RequestException request && request.status().code() < 500) {
                return "a malformed request was answered " + request.status().code();
            }
        }
        return null;
    }
}
