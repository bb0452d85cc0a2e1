package dev.openloop.server.chat;

/**
 * A call that asks for a text completion rather than a chat: its prompt is the config's
 * {@code prompt_template}, filled from the inputs, as one user message; a provider with a completion
 * API for the model gets it as one text, with these parameters.
 *
 * @param logprobs how many of the most likely tokens' log probabilities to return, or null
 * @param suffix text to come after the completion, or null
 */
public record Completion(Integer logprobs, String suffix) {
}
