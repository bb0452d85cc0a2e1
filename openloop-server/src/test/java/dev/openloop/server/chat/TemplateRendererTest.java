package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * v4's template syntax, on the renderer alone: what is a placeholder, what fills it, what is missing.
 *
 * <p>Equivalent mutant: {@code Budget.take} answering true always only lets a rendering run on past
 * its budget; whether it exceeded it is read from the budget at the end, so the result is the same.
 */
class TemplateRendererTest {
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private static String rendered(String text, Map<String, Object> inputs) {
        return ((MessageContent.Text) TemplateRenderer.render(List.of(ChatMessage.system(text)), inputs, UNBOUNDED)
                .messages().getFirst().content()).value();
    }

    @Test
    void aPlaceholderIsANameWithAtMostOneSpaceInsideEachBracePair() {
        Map<String, Object> inputs = Map.of("name", "Ada", "n_2", "two");
        assertThat(rendered("Hi {{name}}, {{ name }}, {{name }}, {{n_2}}.", inputs)).isEqualTo("Hi Ada, Ada, Ada, two.");
        assertThat(rendered("{{  name }} {{name-x}} {name} {{}}", inputs)).as("not placeholders, left as they are")
                .isEqualTo("{{  name }} {{name-x}} {name} {{}}");
    }

    @Test
    void aStringIsInsertedAsItIsAndAnythingElseAsItsJson() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("text", "costs $1 \\ each");
        inputs.put("number", 3);
        inputs.put("object", Map.of("a", List.of(1, true)));
        inputs.put("nothing", null);
        assertThat(rendered("{{text}}|{{number}}|{{object}}|{{nothing}}|", inputs))
                .isEqualTo("costs $1 \\ each|3|{\"a\":[1,true]}|" + "|");
    }

    @Test
    void namesWithoutAnInputAreMissingOnceEachInOrderOfAppearance() {
        TemplateRenderer.Rendered result = TemplateRenderer.render(List.of(
                ChatMessage.system("{{b}} {{a}} {{known}}"),
                ChatMessage.user("{{a}} {{c}}")), Map.of("known", "k"), UNBOUNDED);
        assertThat(result.missing()).containsExactly("b", "a", "c");
        assertThat(((MessageContent.Text) result.messages().getFirst().content()).value()).isEqualTo("{{b}} {{a}} k");
    }

    @Test
    void textPartsAreFilledAndOtherPartsAndRolesKept() {
        ContentPart image = new ContentPart.ImagePart(new ContentPart.ImageUrl("https://example.com/{{name}}.png", null));
        ChatMessage message = ChatMessage.of(ChatRole.USER, "x").withContent(new MessageContent.Parts(List.of(
                new ContentPart.TextPart("Look, {{name}}:"), image)));
        ChatMessage out = TemplateRenderer.render(List.of(message), Map.of("name", "Ada"), UNBOUNDED).messages().getFirst();
        assertThat(out.role()).isEqualTo(ChatRole.USER);
        assertThat(((MessageContent.Parts) out.content()).parts()).containsExactly(new ContentPart.TextPart("Look, Ada:"), image);
    }

    @Test
    void noTemplateRendersToNoMessagesAndNoContentStaysNone() {
        assertThat(TemplateRenderer.render(null, Map.of(), UNBOUNDED).messages()).isEmpty();
        assertThat(TemplateRenderer.render(List.of(), Map.of(), UNBOUNDED).missing()).isEmpty();
        ChatMessage empty = ChatMessage.assistant("x").withContent(null);
        assertThat(TemplateRenderer.render(List.of(empty), Map.of(), UNBOUNDED).messages()).containsExactly(empty);
        assertThat(rendered("no braces here", Map.of())).isEqualTo("no braces here");
    }

    @Test
    void theRenderingStopsWhenItsTextWouldPassTheBound() {
        List<ChatMessage> template = List.of(ChatMessage.system("ab{{x}}"), ChatMessage.user("cd"));
        Map<String, Object> inputs = Map.of("x", "123");
        TemplateRenderer.Rendered exact = TemplateRenderer.render(template, inputs, 7);
        assertThat(exact.tooLong()).as("seven characters: the template's first message as written, then filled, then the second").isFalse();
        assertThat(exact.messages()).hasSize(2);

        TemplateRenderer.Rendered over = TemplateRenderer.render(template, inputs, 6);
        assertThat(over.tooLong()).isTrue();
        assertThat(over.messages()).as("nothing of a rendering that passed its bound is kept").isEmpty();
    }
}
