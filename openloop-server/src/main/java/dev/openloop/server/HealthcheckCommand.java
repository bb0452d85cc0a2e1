package dev.openloop.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openloop healthcheck}: asks the node configured here whether it is ready, for a container
 * image that has no HTTP client of its own to run as its health check.
 */
@Command(name = "healthcheck", description = {
    "Asks the node configured here whether it is ready, for a container's health check.",
    "Exits 0 when GET /readyz on OPENLOOP_HOST:OPENLOOP_PORT answers 200, else 1."
})
final class HealthcheckCommand extends ConfiguredCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Addresses a node listens on but a client cannot send to: the node is then asked on loopback. */
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/readyz", description = "what to ask (default: ${DEFAULT-VALUE})")
    String path;

    HealthcheckCommand(CommandContext context) {
        super(context, setting -> setting.env().equals("OPENLOOP_HOST") || setting.env().equals("OPENLOOP_PORT"));
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        String host = ANY_ADDRESS.contains(config.host()) ? "127.0.0.1"
                : config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        URI uri = URI.create("http://" + host + ":" + config.port() + (path.startsWith("/") ? path : "/" + path));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                context.out().println("ready: " + uri + " answered 200");
                return Cli.OK;
            }
            context.out().println("not ready: " + uri + " answered " + answer.statusCode());
        } catch (IOException e) {
            context.out().println("not ready: no answer from " + uri + ": " + Main.messages(e));
        }
        return Cli.FAILED;
    }
}
