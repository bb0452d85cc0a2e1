package dev.openloop.api.chat;

/**
 * A function call: the function's name and its arguments as a JSON-encoded string.
 *
 * @param name the function's name
 * @param arguments the arguments, JSON-encoded
 */
public record FunctionTool(String name, String arguments) {
}
