package dev.openloop.server.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the mock answers to a request: a pure function of the request, so the same request always
 * gets the same answer. See {@code docs/providers.md} for the rules.
 *
 * @param text the generated text ("" for a tool call)
 * @param toolCalls the tool call, when one is forced
 * @param finishReason {@code stop}, {@code length} or {@code tool_call}
 * @param promptTokens whitespace-separated words in the prompt
 * @param generationTokens whitespace-separated words generated
 */
record MockAnswer(String text, List<ToolCall> toolCalls, String finishReason, int promptTokens, int generationTokens) {
    private static final Pattern WORD = Pattern.compile("\\S+");

    static MockAnswer to(ProviderRequest request) {
        int promptTokens = 0;
        for (ChatMessage message : request.messages()) {
            promptTokens += countWords(message.text());
        }
        ToolDefinition forced = forcedTool(request);
        if (forced != null) {
            SchemaExample.Result example = SchemaExample.of(Json.MAPPER.valueToTree(forced.parameters()));
            if (example.tooLarge() != null) {
                // MockProvider.checkSupported refused such a schema before the call.
                throw new IllegalStateException("a schema the mock does not fake reached a call: " + example.tooLarge());
            }
            String arguments = Json.text(example.value());
            ToolCall call = ToolCall.function("call_" + digest(forced.name() + "|" + lastUserText(request)), forced.name(), arguments);
            return new MockAnswer("", List.of(call), "tool_call", promptTokens, countWords(arguments));
        }
        String text = textFor(request);
        String finishReason = "stop";
        for (String stop : request.config().stop() == null ? List.<String>of() : request.config().stop()) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        int maxTokens = request.config().maxTokens() == null ? -1 : request.config().maxTokens();
        if (maxTokens > 0 && countWords(text) > maxTokens) {
            text = firstWords(text, maxTokens);
            finishReason = "length";
        }
        return new MockAnswer(text, List.of(), finishReason, promptTokens, countWords(text));
    }

    private static String textFor(ProviderRequest request) {
        Object fixed = request.config().other().get("mock_response");
        String text = fixed instanceof String s ? s : "Mock response to: " + lastUserText(request);
        JsonNode schema = responseSchema(request);
        if (schema != null && !(fixed instanceof String)) {
            SchemaExample.Result example = SchemaExample.of(schema);
            if (example.tooLarge() == null) {
                return Json.text(example.value());
            }
        }
        if (request.responseFormat() != null && request.responseFormat().type() == ResponseFormat.Type.JSON_OBJECT) {
            return Json.text(Map.of("response", text));
        }
        return text;
    }

    /**
     * The JSON Schema a {@code json_schema} response format in the config's {@code other} asks the
     * answer to fit (as OpenAI's Chat Completions take it), or null: the mock answers with a value
     * that fits it, as its tool calls do.
     */
    private static JsonNode responseSchema(ProviderRequest request) {
        if (!(request.config().other().get("response_format") instanceof Map<?, ?> format)
                || !"json_schema".equals(format.get("type"))
                || !(format.get("json_schema") instanceof Map<?, ?> jsonSchema)
                || !(jsonSchema.get("schema") instanceof Map<?, ?> schema)) {
            return null;
        }
        return Json.MAPPER.valueToTree(schema);
    }

    /** The tool the request makes the mock call, or null when it calls none. */
    static ToolDefinition forcedTool(ProviderRequest request) {
        List<ToolDefinition> tools = request.config().tools();
        if (tools == null || tools.isEmpty() || request.toolChoice() == null) {
            return null;
        }
        return switch (request.toolChoice()) {
            case ToolChoice.Function function -> tools.stream()
                    .filter(tool -> function.name().equals(tool.name()))
                    .findFirst()
                    .orElse(null);
            case ToolChoice.Mode mode -> mode.equals(ToolChoice.REQUIRED) ? tools.getFirst() : null;
        };
    }

    private static String lastUserText(ProviderRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatRole.USER) {
                return messages.get(i).text().strip();
            }
        }
        return "";
    }

    static int countWords(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            count++;
        }
        return count;
    }

    private static String firstWords(String text, int n) {
        Matcher words = WORD.matcher(text);
        int end = 0;
        for (int i = 0; i < n && words.find(); i++) {
            end = words.end();
        }
        return text.substring(0, end);
    }

    /** Splits {@code text} into stream deltas: each word with the whitespace before it. */
    static List<String> deltas(String text) {
        List<String> deltas = new ArrayList<>();
        Matcher words = WORD.matcher(text);
        int from = 0;
        while (words.find()) {
            deltas.add(text.substring(from, words.end()));
            from = words.end();
        }
        if (from < text.length()) {
            if (deltas.isEmpty()) {
                deltas.add(text.substring(from));
            } else {
                deltas.set(deltas.size() - 1, deltas.getLast() + text.substring(from));
            }
        }
        return deltas;
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The answer as a provider-style raw response, for {@code provider_responses}. The text and the
     * tool calls, the same for every sample, are in it once: each sample's log keeps the whole
     * response, so a copy per sample would make a request's logs grow with the square of its samples.
     */
    JsonNode rawResponse(ProviderRequest request) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (int i = 0; i < request.samples(); i++) {
            choices.add(Map.of("index", i, "finish_reason", finishReason));
        }
        return Json.MAPPER.valueToTree(Map.of(
                "object", "mock.completion",
                "model", request.config().model(),
                "text", text,
                "tool_calls", toolCalls,
                "choices", choices,
                "usage", Map.of("prompt_tokens", promptTokens, "generation_tokens", generationTokens * request.samples())));
    }
}
