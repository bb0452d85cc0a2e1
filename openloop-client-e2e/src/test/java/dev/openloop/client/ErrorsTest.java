package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import dev.openloop.client.testing.NodeWithClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Error answers of a real node, each as its own exception type, with what the server said. */
class ErrorsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static ChatRequest mockFailing(Map<String, Object> other) {
        return ChatRequest.builder()
                .project("sdk-errors")
                .messages(ChatMessage.user("fail please"))
                .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").other(other).build())
                .build();
    }

    @Test
    void anInvalidRequestIsA422ListingEachProblem() {
        ChatRequest noMessages = ChatRequest.builder().project("sdk-errors")
                .modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "m")).build();

        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class,
                () -> openloop.humanloop().chat(noMessages));

        assertThat(e.status()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Unprocessable Entity");
        assertThat(e.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "messages"), "field required", "value_error.missing"));
        assertThat(e.body().get("detail").get(0).get("loc").get(1).asText()).isEqualTo("messages");
        assertThat(e.detail().isArray()).isTrue();
        assertThat(e.providerError()).isEmpty();
        assertThat(e.headers().firstValue("Content-Type")).isPresent();
        assertThat(e.roundTripTime()).isPositive();
        assertThat(e.duringStream()).isFalse();
        assertThat(e).hasMessage("422 Unprocessable Entity: body.messages: field required");
    }

    @Test
    void aWrongApiKeyIsA401() {
        try (Humanloop stranger = openloop.client().apiKey("not-the-key").build()) {
            UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                    () -> stranger.chat(mockFailing(Map.of())));

            assertThat(e.status()).isEqualTo(401);
            assertThat(e.reason()).isEqualTo("Unauthorized");
            assertThat(e.detail().asText()).isEqualTo("Invalid API key");
            assertThat(e).hasMessage("401 Unauthorized: Invalid API key");
            assertThat(e.getMessage()).doesNotContain("not-the-key");
        }
    }

    @Test
    void anUnknownIdIsA404() {
        ChatRequest unknownProject = mockFailing(Map.of()).toBuilder().project(null).projectId("pr_doesnotexist").build();

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().chat(unknownProject));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.detail().asText()).contains("pr_doesnotexist");
    }

    @Test
    void aRateLimitedProviderIsA429TriedAgainAsOftenAsConfigured() {
        int logsBefore = openloop.node().logCount();
        try (Humanloop twoRetries = openloop.client().maxRetries(2).build()) {
            RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> twoRetries.chat(
                    mockFailing(Map.of("mock_error_status", 429, "mock_error_retry_after", "0"))));

            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).hasValue(Duration.ZERO);
            assertThat(e.providerError()).hasValue(
                    new ProviderErrorDetail("rate_limit_error", "Simulated mock error", 429, "Mock"));
            assertThat(e).hasMessage("429 Too Many Requests: Mock rate_limit_error: Simulated mock error");
        }
        // The server keeps a log of each failed provider call: one per attempt.
        assertThat(openloop.node().logCount() - logsBefore).isEqualTo(3);
    }

    @Test
    void aProviderRefusingTheRequestIsA422WithTheProvidersDetailAndIsNotRetried() {
        int logsBefore = openloop.node().logCount();
        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class, () -> openloop.humanloop().chat(
                mockFailing(Map.of("mock_error_status", 400, "mock_error_message", "temperature too high"))));

        assertThat(e.validationErrors()).isEmpty();
        assertThat(e.providerError()).hasValueSatisfying(detail -> {
            assertThat(detail.type()).isEqualTo("unprocessable_entity_error");
            assertThat(detail.message()).isEqualTo("temperature too high");
            assertThat(detail.origin()).isEqualTo("Mock");
        });
        assertThat(openloop.node().logCount() - logsBefore).isEqualTo(1);
    }

    @Test
    void aFailingProviderIsAServerExceptionAfterTheRetries() {
        int logsBefore = openloop.node().logCount();
        try (Humanloop oneRetry = openloop.client().maxRetries(1).build()) {
            ServerException e = catchThrowableOfType(ServerException.class,
                    () -> oneRetry.chat(mockFailing(Map.of("mock_error_status", 500))));

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.reason()).isEqualTo("Bad Gateway");
            assertThat(e.providerError().map(ProviderErrorDetail::type)).hasValue("bad_gateway_error");
        }
        assertThat(openloop.node().logCount() - logsBefore).isEqualTo(2);
    }

    @Test
    void everyApiErrorIsAHumanloopException() {
        Throwable e = catchThrowableOfType(HumanloopException.class, () -> openloop.humanloop().chat(
                mockFailing(Map.of("mock_error_status", 404))));
        assertThat(e).isInstanceOf(NotFoundException.class).isInstanceOf(ApiException.class);
    }
}
