package dev.openloop.server.transport;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * A connection's context as Helidon made it, except that every write is timed, so that the
 * {@link ConnectionGuard} can drop a connection whose client has stopped reading.
 */
final class GuardedContext implements ConnectionContext {
    private final ConnectionContext delegate;
    private final DataWriter writer;

    GuardedContext(ConnectionContext delegate, GuardedConnection connection) {
        this.delegate = delegate;
        this.writer = new TimedWriter(delegate.dataWriter(), connection);
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ListenerContext listenerContext() {
        return delegate.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return delegate.executor();
    }

    @Override
    public DataReader dataReader() {
        return delegate.dataReader();
    }

    @Override
    public Router router() {
        return delegate.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return delegate.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return delegate.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return delegate.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return delegate.localPeer();
    }

    @Override
    public boolean isSecure() {
        return delegate.isSecure();
    }

    @Override
    public String socketId() {
        return delegate.socketId();
    }

    @Override
    public String childSocketId() {
        return delegate.childSocketId();
    }

    @Override
    public void log(System.Logger logger, System.Logger.Level level, String format, Object... params) {
        delegate.log(logger, level, format, params);
    }

    @Override
    public void log(System.Logger logger, System.Logger.Level level, String format, Throwable throwable, Object... params) {
        delegate.log(logger, level, format, throwable, params);
    }

    /** Marks the connection as writing for as long as a write blocks. */
    private record TimedWriter(DataWriter delegate, GuardedConnection connection) implements DataWriter {
        @Override
        public void write(BufferData... buffers) {
            timed(() -> delegate.write(buffers));
        }

        @Override
        public void write(BufferData buffer) {
            timed(() -> delegate.write(buffer));
        }

        @Override
        public void writeNow(BufferData... buffers) {
            timed(() -> delegate.writeNow(buffers));
        }

        @Override
        public void writeNow(BufferData buffer) {
            timed(() -> delegate.writeNow(buffer));
        }

        @Override
        public void flush() {
            timed(delegate::flush);
        }

        @Override
        public void close() {
            delegate.close();
        }

        private void timed(Runnable write) {
            connection.writeStarted();
            try {
                write.run();
            } finally {
                connection.writeEnded();
            }
        }
    }
}
