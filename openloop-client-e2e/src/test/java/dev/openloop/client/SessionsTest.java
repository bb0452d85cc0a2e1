package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.session.CreateSessionResponse;
import dev.openloop.api.session.SessionResponse;
import dev.openloop.client.testing.NodeWithClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.sessions()} against a real OpenLoop node; its list counts pages from 1. */
class SessionsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static Sessions sessions() {
        return openloop.humanloop().sessions();
    }

    private static LogRequest.Builder logIn(String projectId, String output) {
        return LogRequest.builder().projectId(projectId).config(ModelConfigRequest.of(ModelProvider.MOCK, "m"))
                .messages(List.of(ChatMessage.user("q"))).output(output);
    }

    @Test
    void aSessionIsCreatedEmptyAndFilledByTheLogsThatJoinIt() {
        ApiResponse<CreateSessionResponse> created = sessions().create();
        assertThat(created.status()).isEqualTo(201);
        String sessionId = created.body().id();
        assertThat(sessionId).startsWith("sesh_");
        SessionResponse empty = sessions().get(sessionId).body();
        assertThat(empty.id()).isEqualTo(sessionId);
        assertThat(empty.datapointsCount()).isZero();

        String projectId = openloop.humanloop().projects().create(CreateProjectRequest.named("sessions")).body().id();
        openloop.humanloop().logs().log(logIn(projectId, "first").sessionId(sessionId).inputs(Map.of("topic", "billing")).build());
        openloop.humanloop().logs().log(logIn(projectId, "second").sessionId(sessionId).build());

        SessionResponse filled = sessions().get(sessionId).body();
        assertThat(filled.datapointsCount()).isEqualTo(2);
        assertThat(filled.firstInputs()).containsEntry("topic", "billing");
        assertThat(filled.lastOutput()).isEqualTo("second");
        assertThat(filled.projects()).extracting(p -> p.id() + ":" + p.name() + ":" + p.type())
                .containsExactly(projectId + ":sessions:prompt");
    }

    @Test
    void theListCountsPagesFromOneAndItsIteratorFetchesEachInTurn() {
        String projectId = openloop.humanloop().projects().create(CreateProjectRequest.named("session-paging")).body().id();
        for (int i = 0; i < 5; i++) {
            // A new reference id creates its session on first use.
            openloop.humanloop().logs().log(logIn(projectId, "turn " + i).sessionReferenceId("conversation-" + i).build());
        }

        Page<SessionResponse> first = sessions().list(SessionListParams.builder().projectId(projectId).size(2).build());
        assertThat(first.page()).isEqualTo(1);
        assertThat(first.size()).isEqualTo(2);
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).hasSize(2);
        assertThat(first.hasNext()).isTrue();

        Page<SessionResponse> last = first.next().next();
        assertThat(last.page()).isEqualTo(3);
        assertThat(last.items()).hasSize(1);
        // 1-based: pages 1 to 3 of 2 hold the 5, so page 3 is the last.
        assertThat(last.hasNext()).isFalse();

        List<String> references = new ArrayList<>();
        for (SessionResponse session : first.autoPager()) {
            references.add(session.referenceId());
        }
        assertThat(references).containsExactlyInAnyOrder("conversation-0", "conversation-1", "conversation-2",
                "conversation-3", "conversation-4");
        List<Integer> pageNumbers = new ArrayList<>();
        first.pages().forEach(page -> pageNumbers.add(page.page()));
        assertThat(pageNumbers).containsExactly(1, 2, 3);

        Page<SessionResponse> byDefault = sessions().list(projectId);
        assertThat(byDefault.page()).isEqualTo(1);
        assertThat(byDefault.size()).isEqualTo(10);
        assertThat(byDefault.items()).hasSize(5);
        assertThat(byDefault.hasNext()).isFalse();
    }

    @Test
    void errorsAreTypedByStatus() {
        assertThat(catchThrowableOfType(NotFoundException.class, () -> sessions().get("sesh_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> sessions().list("pr_unknown")).status()).isEqualTo(404);

        String projectId = openloop.humanloop().projects().create(CreateProjectRequest.named("session-errors")).body().id();
        UnprocessableEntityException pageZero = catchThrowableOfType(UnprocessableEntityException.class,
                () -> sessions().list(SessionListParams.builder().projectId(projectId).page(0).build()));
        assertThat(pageZero.validationErrors()).containsExactly(new ValidationError(List.of("query", "page"),
                "ensure this value is greater than or equal to 1", "value_error.number.not_ge"));
    }
}
