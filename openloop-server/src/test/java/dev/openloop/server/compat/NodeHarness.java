package dev.openloop.server.compat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Node.js script of {@code compat/<folder>} with the packages its lock file pins, for a
 * test of an official client library against a real node. Where Node.js 20+ or npm is not on the
 * {@code PATH}, or {@code npm ci} cannot reach the registry (nor find the packages in npm's
 * cache), the test is skipped with a banner in its output that says why. Every process it starts
 * is bounded in time.
 */
final class NodeHarness {
    private static final Duration VERSION_LIMIT = Duration.ofSeconds(30);
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);
    static final int MIN_NODE = 20;
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    /** What npm prints when it cannot get a package: no route, no name, no answer, no cache. */
    private static final Pattern UNREACHABLE = Pattern.compile("npm (?:error|ERR!) (?:network |code (?:"
            + "ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED"
            + "|ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|E50[0-4]|[A-Z_]*CERT[A-Z_]*))");

    private final String folder;
    private final String library;
    private final Path node;
    private final Path work;

    private NodeHarness(String folder, String library, Path node, Path work) {
        this.folder = folder;
        this.library = library;
        this.node = node;
        this.work = work;
    }

    /**
     * {@code compat/<folder>} installed under {@code target/<folder>}; skips the test when that
     * cannot be done here. {@code library} names what is tested, for the banner.
     */
    static NodeHarness install(String folder, String library) {
        Path sources = sources(folder);
        Path node = onPath("node");
        Path npm = onPath("npm");
        if (node == null || npm == null) {
            skip(library, folder, (node == null ? "node" : "npm") + " is not on the PATH");
        }
        Finished version = run("node", List.of(node.toString(), "--version"), sources, Map.of(), VERSION_LIMIT);
        Matcher major = NODE_VERSION.matcher(version.output());
        if (version.exitCode() != 0 || !major.find() || Integer.parseInt(major.group(1)) < MIN_NODE) {
            skip(library, folder, "the node on the PATH (" + node + ") is not Node.js " + MIN_NODE + " or newer: "
                    + version.output().strip());
        }
        Path work = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", folder);
        try {
            Files.createDirectories(work);
            try (Stream<Path> files = Files.list(sources)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, work.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Finished install = run("npm ci", List.of(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                "--prefer-offline", "--fetch-retries=1", "--fetch-timeout=30000"), work, Map.of(), INSTALL_LIMIT);
        if (install.timedOut()) {
            skip(library, folder, "npm ci did not finish within " + INSTALL_LIMIT.toSeconds() + " s (is the npm registry reachable?)");
        }
        if (install.exitCode() != 0) {
            if (UNREACHABLE.matcher(install.output()).find()) {
                skip(library, folder, "npm ci could not reach the npm registry, and npm's cache does not hold the packages");
            }
            throw new AssertionError("npm ci failed in " + work + " with exit status " + install.exitCode()
                    + " (its output is above); is compat/" + folder + "/package-lock.json in sync with package.json?");
        }
        return new NodeHarness(folder, library, node, work);
    }

    /** Runs {@code script} of the installed folder with {@code env}, for at most {@code limit}. */
    Finished runScript(String script, Map<String, String> env, Duration limit) {
        return run(folder, List.of(node.toString(), script), work, env, limit);
    }

    /** The folder {@code compat/<folder>} of the source tree, above the module the tests run in. */
    private static Path sources(String folder) {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("compat").resolve(folder);
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new AssertionError("compat/" + folder + "/package-lock.json not found above " + System.getProperty("user.dir"));
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void skip(String library, String folder, String why) {
        System.err.println("""

                ################################################################################
                #  COMPATIBILITY TEST SKIPPED: %s
                #  %s.
                #  It was NOT run against the server. It needs Node.js %d+ and npm on the PATH,
                #  and the npm registry (or npm's cache of compat/%s's packages) for npm ci.
                ################################################################################
                """.formatted(library, why, MIN_NODE, folder));
        Assumptions.abort(library + " compatibility test skipped: " + why);
    }

    /** How a process ended, and all it printed (output and errors merged). */
    record Finished(int exitCode, boolean timedOut, String output) {
    }

    /**
     * Runs {@code command} in {@code dir} with no input, echoing each line it prints to the test
     * output as {@code [label] line}; kills it and what it started when it runs past {@code limit}.
     */
    private static Finished run(String label, List<String> command, Path dir, Map<String, String> env, Duration limit) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        List<String> lines = new ArrayList<>();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Thread pump = Thread.ofPlatform().daemon().name(label + " output").start(() -> {
            try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = output.readLine()) != null; ) {
                    System.out.println("[" + label + "] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException closed) {
                // the process was killed
            }
        });
        boolean finished = false;
        try {
            process.getOutputStream().close();
            finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
                System.out.println("[" + label + "] killed after " + limit.toSeconds() + " s");
            }
            pump.join(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            kill(process);
        }
        synchronized (lines) {
            return new Finished(finished ? process.exitValue() : -1, !finished, String.join("\n", lines));
        }
    }

    /** Kills {@code process}, and first what it started, if it still runs. */
    private static void kill(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
