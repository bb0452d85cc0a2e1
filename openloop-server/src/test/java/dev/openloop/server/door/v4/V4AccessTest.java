package dev.openloop.server.door.v4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.apikey.Role;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.Test;

/** A v4 route nobody said who may take is no route: the routing is not built. */
class V4AccessTest {

    @Test
    void aRouteWithoutARuleStopsTheRoutingFromBeingBuilt() {
        HttpService unruled = rules -> rules.get("/brand-new", (req, res) -> res.send("served to anyone"));
        assertThatThrownBy(() -> HttpRouting.builder().register("/v4", new V4Access(null).guard(unruled)).build())
                .hasMessageContaining("GET /v4/brand-new has no access rule");
    }

    @Test
    void aRouteDeclaredWithoutItsPathCannotSlipPastTheRules() {
        HttpService pathless = rules -> rules.route(io.helidon.webserver.http.HttpRoute.builder()
                .path("/projects").handler((req, res) -> res.send("x")).build());
        assertThatThrownBy(() -> HttpRouting.builder().register("/v4", new V4Access(null).guard(pathless)).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysAndEnvironmentsAreAnAdminsAndReadsNeedOnlyARead() {
        V4Access access = new V4Access(null);
        assertThat(access.roles()).containsEntry("GET /openloop/keys", Role.ADMIN).containsEntry("POST /environments", Role.ADMIN)
                .containsEntry("GET /logs/{id}", Role.READ).containsEntry("POST /projects/{id}/export", Role.READ)
                .containsEntry("POST /chat", Role.WRITE).containsEntry("DELETE /logs", Role.WRITE);
    }
}
