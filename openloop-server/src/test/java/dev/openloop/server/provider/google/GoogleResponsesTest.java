package dev.openloop.server.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of reading Gemini's answers and error bodies, on their own. */
class GoogleResponsesTest {

    @ParameterizedTest
    @CsvSource({
        "STOP, false, stop",
        "STOP, true, tool_call",
        "MAX_TOKENS, false, length",
        "MAX_TOKENS, true, length",
        "SAFETY, false, content_filter",
        "RECITATION, false, content_filter",
        "BLOCKLIST, false, content_filter",
        "PROHIBITED_CONTENT, false, content_filter",
        "SPII, false, content_filter",
        "IMAGE_SAFETY, false, content_filter",
        "LANGUAGE, false, language",
        "OTHER, true, other"})
    void finishReasonsAreV4s(String gemini, boolean calledFunctions, String v4) {
        assertThat(GoogleResponses.finishReason(gemini, calledFunctions)).isEqualTo(v4);
    }

    @Test
    void noFinishReasonIsNone() {
        assertThat(GoogleResponses.finishReason(null, true)).isNull();
    }

    @Test
    void usageCountsThoughtsAsOutputAndToolUsePromptsAsPrompt() {
        assertThat(GoogleResponses.usage(Json.tree("""
                {"promptTokenCount":100,"toolUsePromptTokenCount":7,"candidatesTokenCount":20,"thoughtsTokenCount":30,
                 "cachedContentTokenCount":60,"totalTokenCount":157}""")))
                .isEqualTo(Usage.of(107, 50));
        assertThat(GoogleResponses.usage(Json.tree("{\"promptTokenCount\":9,\"totalTokenCount\":9}"))).isEqualTo(Usage.of(9, 0));
        assertThat(GoogleResponses.usage(Json.tree("{\"totalTokenCount\":9}"))).isNull();
        assertThat(GoogleResponses.usage(null)).isNull();
    }

    @Test
    void aCandidatesIndexIsItsOwnElseItsPosition() {
        assertThat(GoogleResponses.index(Json.tree("{\"index\":3}"), 0)).isEqualTo(3);
        assertThat(GoogleResponses.index(Json.tree("{}"), 2)).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"gemini-3-pro-preview, true", "gemini-3.1-flash, true", "gemini-3-flash-preview, true",
        "gemini-2.5-flash, false", "gemini-30, false", "gemini-3, false", "learnlm-gemini-3-x, false"})
    void onlyGemini3NeedsThoughtSignatures(String model, boolean needs) {
        assertThat(GoogleRequests.needsThoughtSignatures(model)).isEqualTo(needs);
    }

    @Test
    void anUnknownKeyIsA401AndAnyOther400StaysOne() {
        GoogleErrors errors = new GoogleErrors();
        String unknownKey = """
                {"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT",
                  "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}""";
        assertThat(errors.statusOf(400, bytes(unknownKey))).isEqualTo(401);
        // Wrapped in an array, as some of Google's front ends send it.
        assertThat(errors.statusOf(400, bytes("[" + unknownKey + "]"))).isEqualTo(401);
        assertThat(errors.statusOf(400, bytes("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}"))).isEqualTo(400);
        assertThat(errors.statusOf(400, bytes("not json"))).isEqualTo(400);
        // The reason changes nothing but a 400.
        assertThat(errors.statusOf(403, bytes(unknownKey))).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource({"7s, 7", "0s, 0", "0.5s, 1", "119.2s, 120", "60.000000001s, 61"})
    void aRetryDelayIsWholeSecondsRoundedUp(String delay, String retryAfter) {
        String body = """
                {"error":{"code":429,"details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure"},
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"%s"}]}}""".formatted(delay);
        assertThat(new GoogleErrors().retryAfterOf(bytes(body))).isEqualTo(retryAfter);
    }

    @ParameterizedTest
    @CsvSource({"7", "-1s", "7m", "1e3s", "''"})
    void aDelayThatIsNoProtobufDurationIsNone(String delay) {
        String body = "{\"error\":{\"details\":[{\"retryDelay\":\"" + delay + "\"}]}}";
        assertThat(new GoogleErrors().retryAfterOf(bytes(body))).isNull();
        assertThat(new GoogleErrors().retryAfterOf(bytes("{\"error\":{\"code\":429}}"))).isNull();
    }

    @Test
    void theMessageIsTheErrorsOwnElseTheBodyCut() {
        GoogleErrors errors = new GoogleErrors();
        assertThat(errors.messageOf(bytes("{\"error\":{\"code\":404,\"message\":\"models/x is not found\"}}")))
                .isEqualTo("models/x is not found");
        assertThat(errors.messageOf(bytes("[{\"error\":{\"message\":\"wrapped\"}}]"))).isEqualTo("wrapped");
        assertThat(errors.messageOf(bytes("<html>Bad Gateway</html>"))).isEqualTo("<html>Bad Gateway</html>");
        assertThat(errors.messageOf(bytes("x".repeat(600)))).hasSize(500);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
