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
    }
}
