package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.api.error.ValidationError;
import dev.openloop.client.testing.NodeWithClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.environments()}, OpenLoop's extension, against a real OpenLoop node. */
class EnvironmentsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    @Test
    void aServerStartsWithProductionAndTakesNewEnvironments() {
        // The first is the default; the other test of this class may have added one already.
        List<EnvironmentResponse> initial = openloop.humanloop().environments().list().body();
        assertThat(initial.getFirst().name()).isEqualTo("production");
        assertThat(initial.getFirst().tag()).isEqualTo("default");
        assertThat(initial.getFirst().id()).startsWith("env_");

        ApiResponse<EnvironmentResponse> created = openloop.humanloop().environments().create("staging");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().id()).startsWith("env_");
        assertThat(created.body().name()).isEqualTo("staging");
        assertThat(created.body().tag()).isEqualTo("other");
        assertThat(created.body().createdAt()).isNotNull();

        assertThat(openloop.humanloop().environments().list().body()).extracting(EnvironmentResponse::name)
                .startsWith("production").contains("staging").doesNotHaveDuplicates();
    }

    @Test
    void errorsAreTypedByStatus() {
        openloop.humanloop().environments().create("taken");

        ConflictException taken = catchThrowableOfType(ConflictException.class, () -> openloop.humanloop().environments().create("taken"));
        assertThat(taken.getMessage()).isEqualTo("409 Conflict: An environment named 'taken' exists");

        UnprocessableEntityException blank = catchThrowableOfType(UnprocessableEntityException.class,
                () -> openloop.humanloop().environments().create(" "));
        assertThat(blank.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "name"), "field required", "value_error.missing"));
    }
}
