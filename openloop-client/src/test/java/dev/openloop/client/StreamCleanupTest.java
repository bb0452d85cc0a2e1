package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.client.testing.LocalServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a stream holds, and that it lets go of it: when closed, and when left unclosed and forgotten. */
class StreamCleanupTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();

    @Test
    void closingAStreamClosesItsConnectionAndEndsItsWatcher() throws InterruptedException {
        CountDownLatch clientLeft = new CountDownLatch(1);
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = client(server)) {
            server.answerWith(server.eventsThenKeepAliveUntilTheClientLeaves(event(0, "Hel", null), clientLeft));
            ChatStream stream = humanloop.chatStream(REQUEST);
            assertThat(stream.iterator().next().output()).isEqualTo("Hel");
            Thread watcher = stream.stallWatch().watcher();

            stream.close();

            assertThat(clientLeft.await(10, TimeUnit.SECONDS)).isTrue();
            watcher.join(Duration.ofSeconds(10));
            assertThat(watcher.isAlive()).isFalse();
        }
    }

    @Test
    void aStreamLeftUnclosedReleasesItsConnectionAndWatcherOnceUnreachable() throws InterruptedException {
        CountDownLatch clientLeft = new CountDownLatch(1);
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = client(server)) {
            server.answerWith(server.eventsThenKeepAliveUntilTheClientLeaves(event(0, "Hel", null), clientLeft));
            Thread watcher = readOneChunkAndForgetTheStream(humanloop);

            for (int i = 0; i < 100 && clientLeft.getCount() > 0; i++) {
                System.gc();
                clientLeft.await(100, TimeUnit.MILLISECONDS);
            }

            assertThat(clientLeft.getCount()).as("the server saw the connection closed").isZero();
            watcher.join(Duration.ofSeconds(10));
            assertThat(watcher.isAlive()).as("the watcher's thread ended").isFalse();
        }
    }

    /** Opens a stream, reads a chunk and returns without closing it: nothing refers to it afterwards. */
    private static Thread readOneChunkAndForgetTheStream(Humanloop humanloop) {
        ChatStream stream = humanloop.chatStream(REQUEST);
        assertThat(stream.iterator().next().output()).isEqualTo("Hel");
        return stream.stallWatch().watcher();
    }

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).timeout(Duration.ofSeconds(30)).build();
    }
}
