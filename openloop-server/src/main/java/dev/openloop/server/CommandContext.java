package dev.openloop.server;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command runs with: the process's environment, where results go, where problems go.
 *
 * @param env the environment variables
 * @param out results
 * @param err problems
 */
record CommandContext(Map<String, String> env, PrintStream out, PrintStream err) {
}
