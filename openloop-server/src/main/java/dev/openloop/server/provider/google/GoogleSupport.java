package dev.openloop.server.provider.google;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.FunctionTool;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.Refusals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What of a v4 request Gemini's API cannot honour: more than {@value #MAX_STOP_SEQUENCES} stop
 * sequences, a seed beyond its 32 bits, JSON mode together with tools (Gemini refuses a JSON
 * response type with function calling), author names, images outside user messages or not sent
 * inline ({@link GoogleImages}), tool calls whose arguments are not a JSON object, and a tool
 * result whose function cannot be named (Gemini pairs results with calls by the function's name).
 * A model name must be one path segment, since it goes into the URL as it is.
 */
final class GoogleSupport {
    /** Gemini takes at most this many stop sequences. */
    static final int MAX_STOP_SEQUENCES = 5;
    /** A model name as Gemini's paths take it: {@code gemini-2.5-flash}, {@code gemini-2.0-flash-001}. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private GoogleSupport() {
    }

    static void check(ProviderRequest request, Refusals refusals) {
        ModelConfigRequest config = request.config();
        if (config.model() == null || !MODEL.matcher(config.model()).matches()) {
            refusals.config("model", "Gemini model names are letters, digits, '.', '_' and '-', such as gemini-2.5-flash");
        }
        if (config.stop() != null && config.stop().size() > MAX_STOP_SEQUENCES) {
            refusals.config("stop", "Gemini takes at most " + MAX_STOP_SEQUENCES + " stop sequences, this config has "
                    + config.stop().size());
        }
        if (request.seed() != null && (request.seed() < Integer.MIN_VALUE || request.seed() > Integer.MAX_VALUE)) {
            refusals.seed("Gemini takes a 32-bit seed, from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        if (request.responseFormat() != null && config.tools() != null && !config.tools().isEmpty()) {
            refusals.responseFormat("Gemini cannot combine JSON mode with tools");
        }
        checkMessages(request.messages(), refusals);
    }

    private static void checkMessages(List<ChatMessage> messages, Refusals refusals) {
        Map<String, String> functionOfCall = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.content() instanceof MessageContent.Parts parts) {
                checkImages(i, message.role(), parts, refusals);
            }
            if (message.toolCall() != null) {
                refusals.message(i, "the deprecated tool_call", "give the call in tool_calls, with its id", "tool_call");
            }
            if (Refusals.namesItsAuthor(message)) {
                refusals.message(i, "a message's name", "Gemini has no author names; say who speaks in the content", "name");
            }
            if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
                if (message.role() != ChatRole.ASSISTANT) {
                    refusals.message(i, "tool calls in a " + message.role().wire() + " message",
                            "Gemini takes tool calls in assistant messages only", "tool_calls");
                } else {
                    checkToolCalls(i, message.toolCalls(), functionOfCall, refusals);
                }
            }
            if (message.role() == ChatRole.TOOL && GoogleRequests.functionName(message, functionOfCall) == null) {
                refusals.message(i, "a tool message whose function is not known",
                        "Gemini needs the function's name: give the tool_call_id of an earlier assistant tool call, or the name",
                        "tool_call_id");
            }
        }
    }

    private static void checkToolCalls(int index, List<ToolCall> calls, Map<String, String> functionOfCall,
            Refusals refusals) {
        for (int j = 0; j < calls.size(); j++) {
            FunctionTool function = calls.get(j).function();
            if (function == null) {
                continue;
            }
            if (calls.get(j).id() != null) {
                functionOfCall.put(calls.get(j).id(), function.name());
            }
            if (GoogleRequests.arguments(function.arguments()) == null) {
                refusals.message(index, "tool call arguments that are not a JSON object",
                        "Gemini takes a function call's args as an object", "tool_calls", j, "function", "arguments");
            }
        }
    }

    private static void checkImages(int index, ChatRole role, MessageContent.Parts parts, Refusals refusals) {
        for (int j = 0; j < parts.parts().size(); j++) {
            if (!(parts.parts().get(j) instanceof ContentPart.ImagePart image)) {
                continue;
            }
            if (role != ChatRole.USER) {
                refusals.message(index, "an image in a " + role.wire() + " message", "Gemini reads images in user messages only",
                        "content", j);
                continue;
            }
            GoogleImages.Problem problem = GoogleImages.problem(image);
            if (problem != null) {
                refusals.message(index, problem.what(), problem.why(), "content", j, "image_url", problem.field());
            }
        }
    }
}
