package dev.openloop.server;

import io.helidon.logging.common.LogConfig;
import java.lang.System.Logger.Level;

/** {@code ./openloop serve}: starts a node configured from the environment, until SIGTERM or Ctrl-C. */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("openloop: " + e.getMessage());
            System.exit(2);
            return;
        }
        OpenLoopServer server = OpenLoopServer.start(config);
        // The JDK's logging may already be shut down when this hook runs, so it prints directly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("openloop: stopping: finishing the requests in flight and writing queued logs");
            server.stop();
            System.out.println("openloop: stopped");
        }, "openloop-shutdown"));
        server.generatedApiKey().ifPresent(key -> System.out.println("""

                A new API key was generated. It is shown only this once; only its hash is stored:

                    %s

                Send it as the X-API-KEY header. Set OPENLOOP_API_KEY to choose your own key instead.
                """.formatted(key)));
        LOG.log(Level.INFO, "OpenLoop listening on http://" + config.host() + ":" + server.port()
                + " (database: " + describe(config.databaseUrl()) + ")");
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
