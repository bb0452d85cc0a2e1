package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.server.http.Json;
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
     * @param messages the rendered messages, when nothing is missing
     * @param missing the placeholder names with no input, in order of appearance
     */
    record Rendered(List<ChatMessage> messages, Set<String> missing) {
    }

    private TemplateRenderer() {
    }

    static Rendered render(List<ChatMessage> template, Map<String, Object> inputs) {
        if (template == null || template.isEmpty()) {
            return new Rendered(List.of(), Set.of());
        }
        Set<String> missing = new LinkedHashSet<>();
        List<ChatMessage> rendered = new ArrayList<>(template.size());
        for (ChatMessage message : template) {
            rendered.add(message.withContent(render(message.content(), inputs, missing)));
        }
        return new Rendered(List.copyOf(rendered), missing);
    }

    private static MessageContent render(MessageContent content, Map<String, Object> inputs, Set<String> missing) {
        return switch (content) {
            case null -> null;
            case MessageContent.Text text -> new MessageContent.Text(fill(text.value(), inputs, missing));
            case MessageContent.Parts parts -> {
                List<ContentPart> filled = new ArrayList<>(parts.parts().size());
                for (ContentPart part : parts.parts()) {
                    filled.add(part instanceof ContentPart.TextPart text
                            ? new ContentPart.TextPart(fill(text.text(), inputs, missing))
                            : part);
                }
                yield new MessageContent.Parts(filled);
            }
        };
    }

    private static String fill(String text, Map<String, Object> inputs, Set<String> missing) {
        if (text == null || text.indexOf('{') < 0) {
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
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
