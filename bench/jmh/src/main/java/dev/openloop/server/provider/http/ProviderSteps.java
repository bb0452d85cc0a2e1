package dev.openloop.server.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * Reaches the provider side's package-private reading of a whole answer, which the microbenchmarks
 * time as the node runs it (this class shares the package, not the jar).
 */
public final class ProviderSteps {
    private ProviderSteps() {
    }

    /** The fields an adapter reads of {@code body}, as {@code HttpProvider.complete} reads them. */
    public static JsonNode answer(byte[] body, Set<String> fieldsRead, String origin) {
        return JsonAnswer.read(new ProviderHttp.Reply(200, body, Duration.ZERO), fieldsRead, origin).read();
    }
}
