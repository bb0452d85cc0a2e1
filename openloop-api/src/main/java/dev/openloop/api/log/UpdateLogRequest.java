package dev.openloop.api.log;

/**
 * Fills in or corrects a log; absent fields stay as they are.
 *
 * @param output the generated text
 * @param error what failed
 * @param duration seconds the generation took
 */
public record UpdateLogRequest(String output, String error, Double duration) {
}
