package dev.openloop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as Jib wrote it (a tarball {@code docker load} and {@code podman load} take):
 * its configuration, and its file system run as the image's user, the way a container runtime
 * would, without one (none runs here).
 */
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "10001:10001";

    @TempDir
    static Path image;

    private static JsonNode config;
    private static List<Path> layers;

    @BeforeAll
    static void unpack() throws Exception {
        Commands.runOk(List.of("tar", "-xf", System.getProperty("image.tarball"), "-C", image.toString()));
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
        layers = new ArrayList<>();
        manifest.get("Layers").forEach(layer -> layers.add(image.resolve(layer.asText())));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void itRunsAsAUserWhoIsNotRoot() {
        assertThat(config.get("User").asText()).isEqualTo(USER);
    }

    @Test
    void itServesOnPort8080OfEveryAddressWithItsDataInAVolume() {
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/data")).isTrue();
        assertThat(strings(config.get("Env"))).contains("OPENLOOP_HOST=0.0.0.0", "OPENLOOP_PORT=8080", "OPENLOOP_DATA_DIR=/data");
    }

    @Test
    void itsEntrypointServesWithAHeapSizedByTheContainersMemory() {
        assertThat(strings(config.get("Entrypoint"))).startsWith("java")
                .contains("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "dev.openloop.server.Main");
        assertThat(strings(config.get("Cmd"))).containsExactly("serve");
    }

    @Test
    void itsHealthCheckAsksTheNodeWhetherItIsReady() {
        JsonNode healthcheck = config.get("Healthcheck");
        assertThat(strings(healthcheck.get("Test"))).startsWith("CMD", "/opt/java/bin/java")
                .endsWith("dev.openloop.server.Main", "healthcheck");
        assertThat(healthcheck.get("Interval").asLong()).isPositive();
        assertThat(healthcheck.get("Retries").asInt()).isPositive();
    }

    @Test
    void theDataDirectoryBelongsToTheImagesUser() throws Exception {
        String listing = Commands.runOk(List.of("tar", "-tvf", layers.getFirst().toString(), "--numeric-owner"));
        assertThat(listing.lines().filter(line -> line.endsWith(" ./data/")))
                .singleElement().asString().startsWith("drwxr-xr-x 10001/10001");
    }

    /** The image's layers unpacked and run as its user in a root of their own, with the entrypoint and environment it names. */
    @Test
    void itsFileSystemServesChatsAndItsHealthCheckAgreesWithReadyz() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && "root".equals(System.getProperty("user.name")),
                "running the image's file system needs root and unshare (to mount /proc for it and change root)");
        Path root = Files.createDirectories(image.resolve("rootfs"));
        for (Path layer : layers) {
            Commands.runOk(List.of("tar", "-xf", layer.toString(), "-C", root.toString(), "--numeric-owner"));
        }
        Files.createDirectories(root.resolve("proc"));
        int port = Node.freePort();
        List<String> command = new ArrayList<>(strings(config.get("Entrypoint")));
        command.addAll(strings(config.get("Cmd")));

        ProcessBuilder serve = asTheImagesUser(root, command);
        serve.environment().putAll(Map.of("OPENLOOP_PORT", String.valueOf(port), "OPENLOOP_API_KEY", Node.API_KEY));
        try (Node node = Node.start(serve, image.resolve("node.log"), port)) {
            HttpResponse<String> chat = node.chat();
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(root.resolve("data/openloop.db")).as("the node writes to the volume").isRegularFile();

            List<String> check = new ArrayList<>(strings(config.get("Healthcheck").get("Test")));
            ProcessBuilder healthcheck = asTheImagesUser(root, check.subList(1, check.size()));
            healthcheck.environment().put("OPENLOOP_PORT", String.valueOf(port));
            Commands.Finished checked = Commands.run(healthcheck);
            int readyz = node.get("/readyz").statusCode();
            assertThat(checked.output()).contains("http://127.0.0.1:" + port + "/readyz answered " + readyz);
            assertThat(checked.exitCode()).as(checked.output()).isEqualTo(readyz == 200 ? 0 : 1);
        }
        // Closing the node ends the node itself, not only the wrapper it runs under.
        assertThat(accepts(port)).as("a node still listens on " + port + " after the test").isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** {@code command} run in {@code root} as the image's user, with the image's environment and a /proc of its own. */
    private static ProcessBuilder asTheImagesUser(Path root, List<String> command) throws IOException {
        List<String> line = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c",
                "mount -t proc proc \"$0/proc\" && exec chroot --userspec=" + USER + " \"$0\" \"$@\"", root.toString()));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().clear();
        for (String variable : strings(config.get("Env"))) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        builder.environment().put("PATH", builder.environment().get("PATH") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        return builder;
    }
}
