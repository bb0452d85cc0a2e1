package dev.openloop.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port that is listened on but never accepts, its queue of pending connections full: a new
 * connection gets no answer at all, so connecting times out, as it does to a host that went
 * silent. (The kernel drops connection requests beyond a full queue instead of refusing them.)
 */
public final class UnacceptingPort implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();

    private UnacceptingPort() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(listener.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return;
            }
        }
        close();
        throw new IllegalStateException("the connection queue never filled up");
    }

    public static UnacceptingPort open() {
        try {
            return new UnacceptingPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    @Override
    public void close() {
        for (Socket socket : queued) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
