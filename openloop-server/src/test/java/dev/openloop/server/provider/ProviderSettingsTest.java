package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.config.EnvReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeouts and retries every provider call shares: their defaults and their variables. */
class ProviderSettingsTest {

    private static ProviderSettings from(Map<String, String> env) {
        return ProviderSettings.fromEnvironment(new EnvReader(env));
    }

    @Test
    void theDefaultsSuitCallsThatTakeMinutes() {
        ProviderSettings settings = from(Map.of());
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.retryBaseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.azureApiVersion()).isEqualTo("2024-10-21");
    }

    @Test
    void eachIsSetByItsVariable() {
        ProviderSettings settings = from(Map.of(
                "OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", "1500",
                "OPENLOOP_PROVIDER_READ_TIMEOUT_MS", "60000",
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1",
                "OPENLOOP_PROVIDER_RETRY_BASE_MS", "250",
                "OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", "5000"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.maxAttempts()).isEqualTo(1);
        assertThat(settings.retryBaseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.maxRetryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nonsenseIsRefusedWhenTheServerStarts() {
        assertThatThrownBy(() -> from(Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "0"))).hasMessageContaining("OPENLOOP_PROVIDER_MAX_ATTEMPTS");
        assertThatThrownBy(() -> from(Map.of("OPENLOOP_PROVIDER_READ_TIMEOUT_MS", "ten"))).hasMessageContaining("OPENLOOP_PROVIDER_READ_TIMEOUT_MS");
        assertThatThrownBy(() -> from(Map.of("OPENAI_MAX_TOKENS_PARAMETER", "max_output_tokens")))
                .hasMessageContaining("OPENAI_MAX_TOKENS_PARAMETER");
    }

    @Test
    void openAisOwnApiGetsMaxCompletionTokensAndOtherServersMaxTokens() {
        assertThat(from(Map.of()).openaiMaxTokensParameter()).isEqualTo("max_completion_tokens");
        assertThat(from(Map.of("OPENAI_BASE_URL", "https://api.openai.com/v1/")).openaiMaxTokensParameter())
                .isEqualTo("max_completion_tokens");
        assertThat(from(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")).openaiMaxTokensParameter()).isEqualTo("max_tokens");
        assertThat(from(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1", "OPENAI_MAX_TOKENS_PARAMETER",
                "max_completion_tokens")).openaiMaxTokensParameter()).isEqualTo("max_completion_tokens");
    }

    @Test
    void aServerKeyThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
        for (String variable : new String[] {"OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "ANTHROPIC_API_KEY", "COHERE_API_KEY",
                "AI21_API_KEY", "GOOGLE_API_KEY"}) {
            assertThatThrownBy(() -> from(Map.of(variable, "sk-secret-part1\nX-Injected: yes")))
                    .hasMessageContaining(variable)
                    .hasMessageNotContaining("sk-secret-part1");
        }
    }

    @Test
    void aBlankServerKeyIsNoKey() {
        assertThat(from(Map.of("ANTHROPIC_API_KEY", "  ")).anthropicApiKey()).isNull();
    }
}
