package dev.openloop.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port on which a connection is refused, for as long as the test JVM runs: a socket
 * bound to it that never listens. A port found free and closed again does not stay refused: the
 * kernel may give it to the next socket bound to port 0, a fake provider of another test, and a
 * test meant to meet no server then meets that one. The socket holding this port keeps every
 * other from binding it.
 */
public final class RefusedPort {
    private static final Socket HELD = bind();

    private RefusedPort() {
    }

    /** The port. */
    public static int port() {
        return HELD.getLocalPort();
    }

    private static Socket bind() {
        Socket socket = new Socket();
        try {
            // Without SO_REUSEADDR, no other socket may bind the port while this one holds it.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
