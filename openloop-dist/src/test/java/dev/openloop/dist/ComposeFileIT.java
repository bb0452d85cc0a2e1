package dev.openloop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose.yaml} fits what the build makes: its nodes run the image this build tags,
 * migrate once before they start, share one database under names of their own, and are all behind
 * the balancer. (No container engine runs here to start it.)
 */
class ComposeFileIT {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        services = new YAMLMapper().readTree(DEPLOY.resolve("compose.yaml").toFile()).get("services");
    }

    private static Stream<JsonNode> nodes() {
        return Stream.of("openloop-1", "openloop-2").map(services::get);
    }

    @Test
    void itsNodesAndItsMigrationRunTheImageThisBuildMakes() {
        String image = "openloop:${OPENLOOP_VERSION:-" + System.getProperty("openloop.version") + "}";
        assertThat(Stream.concat(nodes(), Stream.of(services.get("migrate"))).map(service -> service.get("image").asText()))
                .containsOnly(image);
        assertThat(services.get("migrate").get("command").get(0).asText()).isEqualTo("migrate");
    }

    @Test
    void itsNodesShareOneDatabaseUnderNamesOfTheirOwnOnceMigrated() {
        assertThat(Stream.concat(nodes(), Stream.of(services.get("migrate")))
                .map(service -> service.get("environment").get("OPENLOOP_DATABASE_URL").asText()).distinct())
                .singleElement().asString().startsWith("jdbc:postgresql://postgres:5432/openloop?");
        assertThat(nodes().map(node -> node.get("environment").get("OPENLOOP_NODE_ID").asText()))
                .containsExactly("openloop-1", "openloop-2");
        assertThat(nodes().map(node -> node.get("depends_on").get("migrate").get("condition").asText()))
                .containsOnly("service_completed_successfully");
    }

    @Test
    void theBalancerSendsToEveryNodeOnceTheyAreHealthy() throws IOException {
        JsonNode balancer = services.get("balancer");
        assertThat(List.of("openloop-1", "openloop-2")).allSatisfy(node ->
                assertThat(balancer.get("depends_on").get(node).get("condition").asText()).isEqualTo("service_healthy"));
        String nginx = Files.readString(DEPLOY.resolve("nginx.conf"));
        assertThat(nginx).contains("server openloop-1:8080", "server openloop-2:8080", "proxy_buffering off");
    }
}
