package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.api.error.ValidationError;
import dev.openloop.client.testing.OpenLoopNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code humanloop.environments()}, OpenLoop's extension, against a real OpenLoop node. */
class EnvironmentsTest {
    private static OpenLoopNode node;
    private static Humanloop humanloop;

    @BeforeAll
    static void start() {
        node = OpenLoopNode.start();
        humanloop = node.client().build();
    }

    @AfterAll
    static void stop() {
        humanloop.close();
        node.close();
    }

    @Test
    void aServerStartsWithProductionAndTakesNewEnvironments() {
        // The first is the default; the other test of this class may have added one already.
        List<EnvironmentResponse> initial = humanloop.environments().list().body();
        assertThat(initial.getFirst().name()).isEqualTo("production");
        assertThat(initial.getFirst().tag()).isEqualTo("default");
        assertThat(initial.getFirst().id()).startsWith("env_");

        ApiResponse<EnvironmentResponse> created = humanloop.environments().create("staging");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().id()).startsWith("env_");
        assertThat(created.body().name()).isEqualTo("staging");
        assertThat(created.body().tag()).isEqualTo("other");
        assertThat(created.body().createdAt()).isNotNull();

        assertThat(humanloop.environments().list().body()).extracting(EnvironmentResponse::name)
                .startsWith("production").contains("staging").doesNotHaveDuplicates();
    }

    @Test
    void errorsAreTypedByStatus() {
        humanloop.environments().create("taken");

        ConflictException taken = catchThrowableOfType(ConflictException.class, () -> humanloop.environments().create("taken"));
        assertThat(taken.getMessage()).isEqualTo("409 Conflict: An environment named 'taken' exists");

        UnprocessableEntityException blank = catchThrowableOfType(UnprocessableEntityException.class,
                () -> humanloop.environments().create(" "));
        assertThat(blank.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "name"), "field required", "value_error.missing"));
    }
}
