package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.client.testing.LocalServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared transport beyond the chat calls: what the API's other groups (projects, logs,
 * feedback...) send and get back, on a local server.
 */
class TransportTest {

    private static Transport transport(LocalServer server, HttpClient http) {
        return new Transport(new ClientOptions(server.basePath(), "hl-key", ProviderApiKeys.NONE, Duration.ofSeconds(5),
                0, Duration.ZERO, Duration.ZERO, "openloop-java/test"), http);
    }

    @Test
    void aGetCarriesItsQueryWithRepeatedNamesAndNoBody() {
        try (LocalServer server = LocalServer.answering(json(200, "{\"records\":[],\"page\":0,\"size\":5,\"total\":0}"));
                HttpClient http = HttpClient.newHttpClient()) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("id", List.of("data_a", "data_b"));
            query.put("search", List.of("a b&c"));

            ApiResponse<JsonNode> response = transport(server, http).send(ApiRequest.get("/logs", query),
                    Json.MAPPER.constructType(JsonNode.class), RequestOptions.none());

            assertThat(response.body().get("size").asInt()).isEqualTo(5);
            LocalServer.Received request = server.onlyRequest();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/v4/logs");
            assertThat(request.query()).isEqualTo("id=data_a&id=data_b&search=a%20b%26c");
            assertThat(request.body()).isEmpty();
            assertThat(request.headers().getFirst("Content-Type")).isNull();
            assertThat(request.headers().getFirst("X-API-KEY")).isEqualTo("hl-key");
        }
    }

    @Test
    void anAnswerWithoutBodyIsReadAsVoid() {
        try (LocalServer server = LocalServer.answering(json(204, ""));
                HttpClient http = HttpClient.newHttpClient()) {
            ApiResponse<Void> response = transport(server, http).send(new ApiRequest("DELETE", "/logs/data_a", Map.of(), null),
                    Json.MAPPER.constructType(Void.class), RequestOptions.none());

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isNull();
            assertThat(response.rawBody().isMissingNode()).isTrue();
            assertThat(server.onlyRequest().method()).isEqualTo("DELETE");
        }
    }
}
