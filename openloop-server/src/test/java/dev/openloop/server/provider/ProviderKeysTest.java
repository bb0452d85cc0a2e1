package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which key a call goes with, for every provider ({@link FaultProfile#all()}): a blank key in the
 * request counts as none, and a request key that cannot be an HTTP header value is the caller's
 * mistake, refused before any call rather than reported as the provider's failure.
 */
class ProviderKeysTest extends EveryStoreSuite {
    private static final Map<String, ProviderFake> fakes = new HashMap<>();
    /** Every provider at its fake, with the server's keys. */
    private static TestServer withKeys;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        Map<String, String> env = new HashMap<>(Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
        for (FaultProfile profile : FaultProfile.all()) {
            ProviderFake fake = ProviderFake.start();
            fakes.put(profile.provider(), fake);
            env.putAll(profile.environment().apply(fake.baseUrl()));
        }
        withKeys = TestServer.start(store, env);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        withKeys.close();
        fakes.values().forEach(ProviderFake::close);
    }

    static List<FaultProfile> providers() {
        return FaultProfile.all();
    }

    private static Map<String, Object> chat(FaultProfile profile, Object requestKey) {
        Map<String, Object> keys = new HashMap<>();
        keys.put(profile.provider(), requestKey);
        return Map.of(
                "provider_api_keys", keys,
                "messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")),
                "model_config", Map.of("provider", profile.provider(), "model", profile.model()));
    }

    /** Whether some header of {@code call} carries {@code key}. */
    private static boolean carries(ProviderFake.Received call, String key) {
        return call.headers().values().stream().anyMatch(value -> value.contains(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aBlankRequestKeyCountsAsNoneSoTheServersKeyIsUsed(FaultProfile profile) {
        ProviderFake fake = fakes.get(profile.provider()).reset();
        fake.otherwise(Answer.json(200, Golden.read(profile.completion())));
        for (String blank : List.of("", "   ")) {
            HttpResponse<String> response = withKeys.postJson("/v4/chat", chat(profile, blank));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(carries(fake.last(), profile.secret())).as("the server's key was sent").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aBlankRequestKeyWithoutAServerKeyIsNoKeyAtAll(FaultProfile profile) {
        ProviderFake fake = fakes.get(profile.provider()).reset();
        Map<String, String> env = new HashMap<>(profile.environment().apply(fake.baseUrl()));
        env.keySet().removeIf(name -> name.endsWith("_API_KEY"));
        try (TestServer keyless = TestServer.start(store, env)) {
            if (profile.provider().equals("openai")) {
                // A server at another URL than OpenAI's may need no key: the call goes without one.
                fake.enqueue(Answer.json(200, Golden.read(profile.completion())));
                HttpResponse<String> response = keyless.postJson("/v4/chat", chat(profile, " "));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(fake.last().header("authorization")).isNull();
                return;
            }
            HttpResponse<String> response = keyless.postJson("/v4/chat", chat(profile, " "));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode detail = TestServer.json(response.body()).get("detail");
            assertThat(detail.get("type").asText()).isEqualTo("missing_api_key");
            assertThat(detail.get("origin").asText()).isEqualTo("OpenLoop");
            assertThat(detail.get("message").asText()).contains(profile.origin())
                    .contains("provider_api_keys." + profile.provider());
            assertThat(fake.received()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aRequestKeyThatCannotBeAHeaderIsA400BeforeAnyCall(FaultProfile profile) {
        ProviderFake fake = fakes.get(profile.provider()).reset();
        // A NUL is refused for every string of a body, keys included, while binding: a 422 at the key.
        HttpResponse<String> nul = withKeys.postJson("/v4/chat", chat(profile, "sk-\u0000abc"));
        assertThat(nul.statusCode()).as(nul.body()).isEqualTo(422);
        assertThat(TestServer.json(nul.body()).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"provider_api_keys\",\"" + profile.provider() + "\"]");
        for (String key : List.of("sk-abc\r\nX-Injected: yes", "sk-abc\ndef", "sk-abc ", "sk-ключ")) {
            HttpResponse<String> response = withKeys.postJson("/v4/chat", chat(profile, key));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode detail = TestServer.json(response.body()).get("detail");
            assertThat(detail.get("type").asText()).isEqualTo("invalid_api_key");
            assertThat(detail.get("code").asInt()).isEqualTo(400);
            assertThat(detail.get("origin").asText()).isEqualTo("OpenLoop");
            assertThat(detail.get("message").asText()).contains(profile.origin())
                    .contains("provider_api_keys." + profile.provider()).doesNotContain("sk-abc");
        }
        assertThat(fake.received()).as("no call was made").isEmpty();
    }
}
