package dev.openloop.server.provider;

/**
 * What makes a provider call a text completion rather than a chat: the prompt as one text, and the
 * parameters only a completion API takes. A provider with a completion API for the model sends
 * these; any other sends the call's messages (the same prompt as one user message) to its chat API,
 * where {@code logprobs} and {@code suffix} have no place.
 *
 * @param prompt the rendered prompt template
 * @param logprobs how many of the most likely tokens' log probabilities to return, or null
 * @param suffix text to come after the completion, or null
 */
public record TextCompletion(String prompt, Integer logprobs, String suffix) {
}
