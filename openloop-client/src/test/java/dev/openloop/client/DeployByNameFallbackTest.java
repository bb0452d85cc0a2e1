package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.client.testing.LocalServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deploying by environment name to a server older than {@code GET /v4/environments}: the client
 * finds the environment among the project's deployments. (Deploying by name on a real node is
 * {@code DeployByNameTest} in openloop-client-e2e.)
 */
class DeployByNameFallbackTest {
    @Test
    void aServerWithoutTheEnvironmentsEndpointIsAskedForTheProjectsDeployments() {
        String deployments = """
                [{"project_id":"pr_h","project_name":"h","model_config_id":"config_old","environment_id":"env_stage",
                  "environment_name":"staging","environment_tag":"other"}]""";
        try (LocalServer server = LocalServer.answering(json(404, "{\"detail\":\"Not Found\"}"), json(200, deployments),
                json(200, deployments));
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath()).maxRetries(0).build()) {
            humanloop.projects().deployConfig("pr_h", "staging", "config_new");

            List<LocalServer.Received> sent = server.received();
            assertThat(sent).extracting(r -> r.method() + " " + r.path()).containsExactly("GET /v4/environments",
                    "GET /v4/projects/pr_h/deployed-configs", "PATCH /v4/projects/pr_h/deploy-config");
            assertThat(sent.getLast().json()).isEqualTo(WireShapeTest.jsonOf("""
                    {"config_id":"config_new","environments":[{"id":"env_stage","name":"staging"}]}"""));
        }
    }
}
