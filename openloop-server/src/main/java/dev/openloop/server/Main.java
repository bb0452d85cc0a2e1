package dev.openloop.server;

import dev.openloop.server.observe.ServerLogging;
import java.lang.System.Logger.Level;

/**
 * The entry point: runs the command line ({@link Cli}). {@code serve} starts a node and runs it
 * until SIGTERM or Ctrl-C.
 *
 * <p>A node that cannot start exits with status 2 when its configuration must change (an invalid
 * {@code OPENLOOP_*} variable, an {@code OPENLOOP_API_KEY} that was revoked: both
 * {@link IllegalArgumentException}s), and with status 1 otherwise (a {@link StartupException}
 * such as a port in use, or any other failure, such as an unreachable database). A running node
 * whose listener stops accepting for good exits with status {@value #LISTENER_LOST}, so that its
 * supervisor starts it again.
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    /** The exit status of a node whose listener stopped accepting connections. */
    public static final int LISTENER_LOST = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args, System.getenv(), System.out, System.err));
    }

    /** Starts a node with {@code config}; returns once it takes requests, or exits the process when it cannot start. */
    static void serve(ServerConfig config) {
        ServerLogging.install(config.observe());
        OpenLoopServer server;
        try {
            server = OpenLoopServer.start(config, Main::exitOnListenerLost);
        } catch (IllegalArgumentException e) {
            System.err.println("openloop: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StartupException e) {
            System.err.println("openloop: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "start-up failed", e);
            System.err.println("openloop: cannot start: " + messages(e));
            System.exit(1);
            return;
        }
        // The JDK's logging may already be shut down when this hook runs, so it prints directly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("openloop: stopping: finishing the requests in flight and writing queued logs");
            server.stop();
            System.out.println("openloop: stopped");
        }, "openloop-shutdown"));
        exitWithParentIfAsked();
        server.generatedApiKey().ifPresent(key -> System.out.println("""

                A new API key was generated. It is shown only this once; only its hash is stored:

                    %s

                Send it as the X-API-KEY header, or sign in with it to the console at %s/.
                Manage keys with ./openloop keys (list, create, revoke) or on the console's Keys page.
                """.formatted(key, address(config, server))));
        LOG.log(Level.INFO, "OpenLoop listening on " + address(config, server) + " (database: "
                + describe(config.databaseUrl()) + "); the console is at " + address(config, server) + "/");
    }

    /** The node's address, as a browser or a client would use it. */
    private static String address(ServerConfig config, OpenLoopServer server) {
        return "http://" + config.host() + ":" + server.port();
    }

    /** Exits (running the shutdown hook, which drains what is in flight) from a thread of its own. */
    private static void exitOnListenerLost() {
        System.err.println("openloop: the listener no longer accepts connections; exiting with status "
                + LISTENER_LOST + " so that the node is restarted");
        Thread.ofPlatform().name("openloop-exit").start(() -> System.exit(LISTENER_LOST));
    }

    /**
     * For tests only: with {@code -Dopenloop.exitWithParent=true} the node stops (as on SIGTERM)
     * once the process that started it is gone, so the nodes a test JVM starts do not outlive it
     * when it is killed. Not an {@code OPENLOOP_*} variable: a node in production has its own
     * supervisor.
     */
    private static void exitWithParentIfAsked() {
        if (!Boolean.getBoolean("openloop.exitWithParent")) {
            return;
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.out.println("openloop: the process that started this node is gone; stopping");
            System.exit(0);
        }));
    }

    /** The messages of {@code failure} and its causes, each once: what went wrong, in a line. */
    static String messages(Throwable failure) {
        StringBuilder line = new StringBuilder();
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (line.indexOf(message) < 0) {
                line.append(line.isEmpty() ? "" : ": ").append(message);
            }
        }
        return line.toString();
    }

    /** The database URL without what may hold credentials: the user info and the parameters ({@code password=}). */
    static String describe(String url) {
        int parameters = url.indexOf('?');
        String withoutParameters = parameters < 0 ? url : url.substring(0, parameters) + "?…";
        int credentials = withoutParameters.indexOf('@');
        int authority = withoutParameters.indexOf("//");
        return credentials < 0 || authority < 0 ? withoutParameters
                : withoutParameters.substring(0, authority + 2) + "…" + withoutParameters.substring(credentials);
    }
}
