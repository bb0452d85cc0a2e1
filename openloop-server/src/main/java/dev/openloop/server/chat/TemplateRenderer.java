package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.server.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders of a chat template from the request's inputs. The syntax is
 * v4's: a name of letters, digits and underscores, with at most one space inside each brace pair.
 * A string input is inserted as it is; any other value as its JSON.
 */
final class TemplateRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s?([a-zA-Z_\\d]+)\\s?}}");

    /**
     * The template rendered, or the names of the inputs it lacks.
     *
     * @param messages the rendered messages, when nothing is missing and it is not too long
     * @param missing the placeholder names with no input, in order of appearance
     * @param tooLong whether the rendered text would pass the bound it was rendered with; it is
     *     then not rendered whole (a placeholder repeated a million times over a large input
     *     would take the node's memory)
     */
    record Rendered(List<ChatMessage> messages, Set<String> missing, boolean tooLong) {
    }

    /** How many characters a rendering may still make. */
    private static final class Budget {
        private long left;
        private boolean exceeded;

        Budget(long chars) {
            this.left = chars;
        }

        /** Takes {@code chars}; false (and the budget exceeded) when there are not so many left. */
        boolean take(long chars) {
            left -= chars;
            exceeded |= left < 0;
            return !exceeded;
        }
    }

    private TemplateRenderer() {
    }

    /** The template rendered with {@code inputs}, its text bounded to {@code maxChars} characters in all. */
    static Rendered render(List<ChatMessage> template, Map<String, Object> inputs, long maxChars) {
        if (template == null || template.isEmpty()) {
            return new Rendered(List.of(), Set.of(), false);
        }
        Set<String> missing = new LinkedHashSet<>();
        Budget budget = new Budget(maxChars);
        List<ChatMessage> rendered = new ArrayList<>(template.size());
        for (ChatMessage message : template) {
            rendered.add(message.withContent(render(message.content(), inputs, missing, budget)));
            if (budget.exceeded) {
                return new Rendered(List.of(), missing, true);
            }
        }
        return new Rendered(List.copyOf(rendered), missing, false);
    }

    private static MessageContent render(MessageContent content, Map<String, Object> inputs, Set<String> missing,
            Budget budget) {
        return switch (content) {
            case null -> null;
            case MessageContent.Text text -> new MessageContent.Text(fill(text.value(), inputs, missing, budget));
            case MessageContent.Parts parts -> {
                List<ContentPart> filled = new ArrayList<>(parts.parts().size());
                for (ContentPart part : parts.parts()) {
                    filled.add(part instanceof ContentPart.TextPart text
                            ? new ContentPart.TextPart(fill(text.text(), inputs, missing, budget))
                            : part);
                }
                yield new MessageContent.Parts(filled);
            }
        };
    }

    private static String fill(String text, Map<String, Object> inputs, Set<String> missing, Budget budget) {
        if (text == null || !budget.take(text.length()) || text.indexOf('{') < 0) {
            return text;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (inputs.containsKey(name)) {
                Object value = inputs.get(name);
                replacement = value == null ? "" : value instanceof String s ? s : Json.text(value);
            } else {
                missing.add(name);
                replacement = matcher.group();
            }
            if (!budget.take(replacement.length() - matcher.group().length())) {
                return text;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
