package dev.openloop.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog on a real listening socket: quiet while it accepts, and told once it is closed for good. */
class ListenerWatchdogTest {

    @Test
    void aListenerThatStopsAcceptingIsReportedOnce() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch lost = new CountDownLatch(1);
        CountDownLatch reportedTwice = new CountDownLatch(2);
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ListenerWatchdog watchdog = ListenerWatchdog.start("0.0.0.0", listener.getLocalPort(), 50, scheduler, () -> {
                lost.countDown();
                reportedTwice.countDown();
            });
            // While it accepts, every probe connects: nothing is reported.
            for (int i = 0; i < 5; i++) {
                listener.accept().close();
            }
            assertThat(watchdog.lost()).isFalse();
            listener.close();
            assertThat(lost.await(60, TimeUnit.SECONDS)).as("reported once the listener is gone").isTrue();
            assertThat(watchdog.lost()).isTrue();
            assertThat(reportedTwice.await(1, TimeUnit.SECONDS)).as("reported once only").isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
