package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.config.EnvReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the server's keys are read from its settings: the single key, the list, and what is refused without showing a key. */
class ServerKeysTest {

    @Test
    void theSingleKeyAndTheListMakeOnePool() {
        ProviderSettings settings = ProviderSettings.fromEnvironment(new EnvReader(Map.of(
                "OPENAI_API_KEY", "sk-single",
                "OPENAI_API_KEYS", "east:3:sk-east, west:1:sk-west\nspare:2:sk:with:colons")));

        assertThat(settings.serverKeys().pool("openai").keys()).containsExactly(
                new ServerKey("default", "sk-single", 1, null),
                new ServerKey("east", "sk-east", 3, null),
                new ServerKey("west", "sk-west", 1, null),
                new ServerKey("spare", "sk:with:colons", 2, null));
        assertThat(settings.serverKeys().pool("anthropic").isEmpty()).isTrue();
    }

    @Test
    void azureKeysMayEachNameTheirEndpoint() {
        ProviderSettings settings = ProviderSettings.fromEnvironment(new EnvReader(Map.of(
                "AZURE_OPENAI_API_KEYS", "east:1:k1@https://east.openai.azure.com,west:1:k2@https://west.openai.azure.com")));

        assertThat(settings.serverKeys().pool("openai_azure").keys()).extracting(ServerKey::endpoint)
                .containsExactly("https://east.openai.azure.com", "https://west.openai.azure.com");
    }

    @Test
    void aMalformedEntryIsRefusedByItsPlaceAndLabelNeverItsKey() {
        assertThatThrownBy(() -> ServerKeys.parse(null, "a:1:sk-ok,b:zero:sk-secret-b", "OPENAI_API_KEYS", false))
                .hasMessageContaining("OPENAI_API_KEYS's entry 2").hasMessageContaining("'b'")
                .hasMessageNotContaining("sk-secret-b");
        assertThatThrownBy(() -> ServerKeys.parse(null, "sk-secret-only", "OPENAI_API_KEYS", false))
                .hasMessageContaining("label:weight:key").hasMessageNotContaining("sk-secret-only");
        assertThatThrownBy(() -> ServerKeys.parse(null, "a:1:sk-1,a:1:sk-2", "OPENAI_API_KEYS", false))
                .hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> ServerKeys.parse(null, "a b:1:sk-1", "OPENAI_API_KEYS", false))
                .hasMessageContaining("a label is");
        assertThatThrownBy(() -> ServerKeys.parse(null, "a:1:sk-\u0001x", "OPENAI_API_KEYS", false))
                .hasMessageContaining("cannot be sent").hasMessageNotContaining("sk-");
    }

    @Test
    void theKeysOutAreNamedByProviderAndLabel() {
        ServerKeys keys = new ServerKeys(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30))
                .with("openai", java.util.List.of(new ServerKey("east", "sk-east", 1, null), new ServerKey("west", "sk-west", 1, null)));
        keys.failed("sk-west", new ProviderFailure("OpenAI", ProviderFailure.Kind.AUTHENTICATION, "no"), null);

        assertThat(keys.keysOut()).containsExactly("openai 'west'");
        assertThat(keys.isServers("sk-east")).isTrue();
        assertThat(keys.isServers("sk-other")).isFalse();
    }
}
