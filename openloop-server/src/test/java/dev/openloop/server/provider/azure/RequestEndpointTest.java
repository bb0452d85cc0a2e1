package dev.openloop.server.provider.azure;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint a request names is used only where the operator allows it
 * ({@code OPENLOOP_ALLOWED_ENDPOINT_HOSTS}, none by default): OpenLoop once posted to any URL a
 * request named and passed back what it got, reading local services and, by "could not be
 * reached", telling open ports from closed ones. And what an endpoint answers comes back only
 * bounded and without control characters.
 */
class RequestEndpointTest {
    private static final String KEY = "request-key-0123456789";

    private static HttpResponse<String> chat(TestServer node, String endpoint) {
        return node.postJson("/v4/chat", Map.of(
                "project", "endpoints",
                "messages", List.of(Map.of("role", "user", "content", "hi")),
                "model_config", Map.of("provider", "openai_azure", "model", "gpt4o"),
                "provider_api_keys", Map.of("openai_azure", KEY, "openai_azure_endpoint", endpoint)));
    }

    private static JsonNode onlyProblem(HttpResponse<String> response) {
        JsonNode detail = expect(response, 422).get("detail");
        assertThat(detail).as(response.body()).hasSize(1);
        assertThat(detail.get(0).get("loc")).isEqualTo(TestServer.json("[\"body\",\"provider_api_keys\",\"openai_azure_endpoint\"]"));
        return detail.get(0);
    }

    @Test
    void byDefaultNoEndpointANodeCanReachIsCalledAndOpenAndClosedPortsAnswerAlike() {
        try (ProviderFake local = ProviderFake.start(); TestServer node = TestServer.start()) {
            local.otherwise(Answer.json(200, "{\"secret\":\"internal page\"}"));
            JsonNode open = onlyProblem(chat(node, local.baseUrl()));
            JsonNode closed = onlyProblem(chat(node, ProviderFake.refusedUrl()));
            assertThat(open.get("type").asText()).isEqualTo("value_error.url.not_allowed");
            assertThat(open.get("msg").asText()).contains("OPENLOOP_ALLOWED_ENDPOINT_HOSTS");
            assertThat(closed).isEqualTo(open);
            assertThat(local.received()).isEmpty();
            assertThat(node.logCount()).isZero();
            assertThat(expect(node.get("/v4/projects"), 200).get("records")).isEmpty();
        }
    }

    @Test
    void anAllowedEndpointIsCalledAndOthersAreNot() {
        try (ProviderFake allowed = ProviderFake.start(); ProviderFake other = ProviderFake.start();
                TestServer node = TestServer.start(Map.of("OPENLOOP_ALLOWED_ENDPOINT_HOSTS",
                        "*.openai.azure.com, " + allowed.baseUrl()))) {
            allowed.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
            expect(chat(node, allowed.baseUrl()), 200);
            assertThat(allowed.received()).hasSize(1);
            onlyProblem(chat(node, other.baseUrl()));
            onlyProblem(chat(node, allowed.baseUrl().replace("127.0.0.1", "localhost")));
            // Without http:// in the pattern, only https on its own port.
            onlyProblem(chat(node, "http://my.openai.azure.com"));
            onlyProblem(chat(node, "https://my.openai.azure.com:8443"));
            onlyProblem(chat(node, "https://openai.azure.com.attacker.example"));
            assertThat(other.received()).isEmpty();
        }
    }

    @Test
    void whatAnEndpointAnswersComesBackBoundedAndWithoutControlCharacters() {
        try (ProviderFake allowed = ProviderFake.start();
                TestServer node = TestServer.start(Map.of("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", allowed.baseUrl()))) {
            String page = "<html>\r\n\u001b[31mline one\nline two\u0000" + "x".repeat(30_000) + "</html>";
            allowed.enqueue(Answer.json(400, TestServer.JSON.valueToTree(Map.of("error", Map.of("message", page))).toString()));
            JsonNode detail = expect(chat(node, allowed.baseUrl()), 422).get("detail");
            String message = detail.get("message").asText();
            assertThat(message).hasSizeLessThanOrEqualTo(ProviderErrors.MAX_MESSAGE_LENGTH + 1).startsWith("<html> [31mline one line two x");
            assertThat(message.chars().noneMatch(Character::isISOControl)).isTrue();

            allowed.enqueue(Answer.json(502, "<pre>\n" + "y".repeat(3_000_000) + "\n</pre>"));
            JsonNode bare = expect(chat(node, allowed.baseUrl()), 502).get("detail");
            assertThat(bare.get("message").asText()).hasSizeLessThanOrEqualTo(ProviderErrors.MAX_MESSAGE_LENGTH + 1);
        }
    }

    @Test
    void aMalformedPatternStopsTheNodeFromStarting() {
        assertThatThrownBy(() -> TestServer.start(Map.of("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", "https://a.example/path")).close())
                .hasMessageContaining("OPENLOOP_ALLOWED_ENDPOINT_HOSTS");
        assertThatThrownBy(() -> TestServer.start(Map.of("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", "a.example:99999")).close())
                .hasMessageContaining("OPENLOOP_ALLOWED_ENDPOINT_HOSTS");
    }
}
