package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.provider.TextCompletion;
import java.util.List;

/**
 * What a completion call ({@link ChatCall.Completion}) changes in the plan: its prompt is the
 * config's prompt template, filled as a chat template is, as one user message; the config offers
 * no tools, since a completion's answer is text only; and the provider call carries the filled
 * prompt as one text, for a provider with a completion API for the model.
 */
final class CompletionPrompts {
    private CompletionPrompts() {
    }

    /**
     * The prompt of a completion with {@code config}, its text bounded to {@code maxChars} once
     * filled; null, with the problem noted at {@code configPath}, when the config has no template.
     */
    static List<ChatMessage> prompt(ModelConfigRequest config, String configId, ChatCall call, long maxChars,
            List<Object> configPath, Refusal.Problems problems) {
        if (config.promptTemplate() == null) {
            problems.add(configPath, "field required: " + configId + " has no prompt_template, which a completion needs",
                    "value_error.missing");
            return null;
        }
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(List.of(ChatMessage.user(config.promptTemplate())),
                call.inputs(), maxChars);
        if (rendered.tooLong()) {
            problems.add(Refusal.at("inputs"), "ensure the prompt template filled with these inputs takes at most " + maxChars
                    + " characters (OPENLOOP_MAX_SAMPLED_BYTES / num_samples)", LimitChecks.TOO_LARGE_TYPE);
        }
        for (String name : rendered.missing()) {
            problems.add(Refusal.at("inputs", name), "field required: the prompt template uses {{" + name + "}}",
                    "value_error.missing");
        }
        return rendered.messages();
    }

    /** The config as {@code call} uses it: without tools when it is a completion. */
    static ModelConfigRequest parameters(ChatCall call, ModelConfigRequest config) {
        return call.completion() == null || config.tools() == null ? config : config.toBuilder().tools(null).build();
    }

    /** What makes the provider call a completion, or null for a chat. */
    static TextCompletion of(ChatCall call, List<ChatMessage> prompt) {
        if (call.completion() == null) {
            return null;
        }
        String text = !prompt.isEmpty() && prompt.getFirst().content() instanceof MessageContent.Text filled ? filled.value() : "";
        return new TextCompletion(text, call.completion().logprobs(), call.completion().suffix());
    }
}
