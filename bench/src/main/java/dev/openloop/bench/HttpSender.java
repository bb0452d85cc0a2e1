package dev.openloop.bench;

import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.InputStream;
import java.time.Duration;

/**
 * Sends a {@link Target}'s request over a pool of kept-alive connections and reads the whole answer.
 * Blocking, so each request in flight holds one virtual thread.
 */
final class HttpSender {
    private final WebClient client = WebClient.builder()
            .keepAlive(true)
            .followRedirects(false)
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .build();

    /** Sends once; the status, or -1 when no answer came (the failure counts as an error). */
    int send(Target target) {
        try (HttpClientResponse response = request(target).submit(target.body())) {
            try (InputStream body = response.inputStream()) {
                body.readAllBytes();
            }
            return response.status().code();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Sends once and returns the answer's status and body, for the check before a load. */
    String sendForText(Target target) {
        try (HttpClientResponse response = request(target).submit(target.body())) {
            return response.status().code() + " " + response.as(String.class);
        }
    }

    private HttpClientRequest request(Target target) {
        HttpClientRequest request = client.post().uri(target.uri());
        target.headers().forEach(request::header);
        return request;
    }
}
