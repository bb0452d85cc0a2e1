package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * A message of a conversation ({@code ChatMessageWithToolCall} in the v4 schema).
 *
 * @param role who wrote it
 * @param content text or content parts; {@code null} for an assistant message that only calls tools
 * @param name optional author name
 * @param toolCallId on {@code tool} messages, the id of the tool call this answers
 * @param toolCalls tool calls requested by the assistant
 * @param toolCall the deprecated single function call
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatMessage(
        ChatRole role,
        @JsonSerialize(using = MessageContent.Serializer.class) MessageContent content,
        String name,
        String toolCallId,
        List<ToolCall> toolCalls,
        FunctionTool toolCall) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public ChatMessage {
        toolCalls = Unmodifiable.copyOf(toolCalls);
    }

    /**
     * A plain-text message.
     *
     * @param role who wrote it
     * @param text the text
     * @return A plain-text message
     */
    public static ChatMessage of(ChatRole role, String text) {
        return new ChatMessage(role, text == null ? null : new MessageContent.Text(text), null, null, null, null);
    }

    /**
     * A user message.
     *
     * @param text the text
     * @return A user message
     */
    public static ChatMessage user(String text) {
        return of(ChatRole.USER, text);
    }

    /**
     * A system message.
     *
     * @param text the text
     * @return A system message
     */
    public static ChatMessage system(String text) {
        return of(ChatRole.SYSTEM, text);
    }

    /**
     * An assistant message.
     *
     * @param text the text
     * @return an assistant message
     */
    public static ChatMessage assistant(String text) {
        return of(ChatRole.ASSISTANT, text);
    }

    /**
     * The answer to a tool call.
     *
     * @param toolCallId the id of the tool call this answers
     * @param text the text
     * @return the answer to a tool call
     */
    public static ChatMessage tool(String toolCallId, String text) {
        return new ChatMessage(ChatRole.TOOL, new MessageContent.Text(text), null, toolCallId, null, null);
    }

    /**
     * The text of the message: the string content, or its text parts joined; "" when there is none.
     *
     * @return the text of the message: the string content, or its text parts joined; "" when there is none
     */
    public String text() {
        return content == null ? "" : content.text();
    }

    /**
     * A copy with other content.
     *
     * @param newContent the new content
     * @return A copy with other content
     */
    public ChatMessage withContent(MessageContent newContent) {
        return new ChatMessage(role, newContent, name, toolCallId, toolCalls, toolCall);
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
