package dev.openloop.server.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connects to the node's own port now and then. Helidon's listener ends for good on a failure to
 * accept that it does not expect (running out of file descriptors despite the
 * {@link FileDescriptorBudget}, say) while the process lives on, unreachable. Two refused
 * connections in a row mean the listener is gone: {@code onLost} runs once, and the node's
 * {@code Main} exits non-zero so that its supervisor starts it again. A probe that fails in
 * another way (this process itself out of descriptors, a timeout under load) proves nothing and
 * is tried again.
 */
public final class ListenerWatchdog {
    private static final System.Logger LOG = System.getLogger(ListenerWatchdog.class.getName());
    private static final int PROBE_TIMEOUT_MILLIS = 2000;

    private final InetSocketAddress address;
    private final Runnable onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private int refusedInARow;

    private ListenerWatchdog(InetSocketAddress address, Runnable onLost) {
        this.address = address;
        this.onLost = onLost;
    }

    /** Probes {@code host:port} every {@code periodMillis} on {@code scheduler}. */
    public static ListenerWatchdog start(String host, int port, long periodMillis, ScheduledExecutorService scheduler,
            Runnable onLost) {
        ListenerWatchdog watchdog = new ListenerWatchdog(new InetSocketAddress(probeAddress(host), port), onLost);
        scheduler.scheduleWithFixedDelay(watchdog::probe, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return watchdog;
    }

    /** Whether the listener was found gone. */
    public boolean lost() {
        return lost.get();
    }

    private void probe() {
        if (lost.get()) {
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, PROBE_TIMEOUT_MILLIS);
            refusedInARow = 0;
        } catch (ConnectException refused) {
            if (++refusedInARow >= 2 && lost.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.ERROR, "the listener on " + address + " no longer accepts connections");
                onLost.run();
            }
        } catch (IOException | RuntimeException inconclusive) {
            LOG.log(System.Logger.Level.DEBUG, () -> "listener probe inconclusive: " + inconclusive);
        }
    }

    /** The wildcard address is listened on, not connected to: probe loopback instead. */
    private static InetAddress probeAddress(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }
}
