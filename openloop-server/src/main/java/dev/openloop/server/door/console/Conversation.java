package dev.openloop.server.door.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A log's messages (v4 chat messages, as JSON) as the chat view shows them. */
public final class Conversation {

    /**
     * One message of the chat view.
     *
     * @param role system, user, assistant or tool
     * @param name the message's name (a tool's, say), or empty
     * @param content its text; the parts of a multi-part content one per line
     * @param toolCalls the tool calls it makes, each as {@code name(arguments)}
     * @param toolCallId the tool call a tool message answers, or empty
     */
    public record Message(String role, String name, String content, List<String> toolCalls, String toolCallId) {

        /** A CSS class for the role: one of a known few, whatever the stored role says. */
        public String roleClass() {
            return switch (role) {
                case "system", "user", "assistant", "tool" -> role;
                default -> "other";
            };
        }
    }

    private Conversation() {
    }

    /** The messages of a JSON array; empty for null or anything else. */
    static List<Message> of(String messagesJson) {
        JsonNode messages = Shown.tree(messagesJson);
        List<Message> shown = new ArrayList<>();
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                shown.add(message(message));
            }
        }
        return shown;
    }

    /** One message of a JSON object (a log's output message); null when there is none. */
    static Message one(String messageJson) {
        JsonNode message = Shown.tree(messageJson);
        return message == null || !message.isObject() ? null : message(message);
    }

    private static Message message(JsonNode message) {
        List<String> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            calls.add(function.path("name").asText("") + "(" + function.path("arguments").asText("") + ")");
        }
        JsonNode legacyCall = message.path("tool_call");
        if (legacyCall.isObject()) {
            calls.add(legacyCall.path("name").asText("") + "(" + legacyCall.path("arguments").asText("") + ")");
        }
        return new Message(message.path("role").asText(""), message.path("name").asText(""), content(message.path("content")),
                calls, message.path("tool_call_id").asText(""));
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.hasNonNull("text")) {
                    parts.add(part.get("text").asText());
                } else if (part.hasNonNull("image_url")) {
                    parts.add("[image " + part.get("image_url").path("url").asText("") + "]");
                } else {
                    parts.add(part.toString());
                }
            }
            return String.join("\n", parts);
        }
        return content.isMissingNode() || content.isNull() ? "" : content.toString();
    }

    /** The text a list shows for a log: its output, else its last message, cut to {@code max} characters. */
    static String preview(String output, String messagesJson, int max) {
        String text = output;
        if (text == null || text.isBlank()) {
            List<Message> messages = of(messagesJson);
            text = messages.isEmpty() ? "" : messages.getLast().content();
        }
        text = text.strip().replaceAll("\\s+", " ");
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
