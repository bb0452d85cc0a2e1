package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.CreateLogResponse;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.log.UpdateLogRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.client.testing.NodeWithClient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.logs()} against a real OpenLoop node. */
class LogsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static Logs logs() {
        return openloop.humanloop().logs();
    }

    private static String newProject(String name) {
        return openloop.humanloop().projects().create(CreateProjectRequest.named(name)).body().id();
    }

    private static LogRequest.Builder log(String projectId, String question, String output) {
        return LogRequest.builder().projectId(projectId).config(ModelConfigRequest.of(ModelProvider.MOCK, "logged"))
                .messages(List.of(ChatMessage.user(question))).output(output);
    }

    @Test
    void oneLogOrManyAreMadeReadAndCorrected() {
        String projectId = newProject("logs");

        ApiResponse<CreateLogResponse> one = logs().log(log(projectId, "What is 2+2?", "4")
                .inputs(Map.of("level", "easy")).metadata(Map.of("ticket", 12)).source("batch-job").duration(0.5)
                .feedback(List.of(FeedbackRequest.builder().type("rating").value("good").build())).build());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().id()).startsWith("data_");
        assertThat(one.body().projectId()).isEqualTo(projectId);
        assertThat(one.body().sessionId()).isNull();

        LogResponse stored = logs().get(one.body().id()).body();
        assertThat(stored.output()).isEqualTo("4");
        assertThat(stored.messages()).containsExactly(ChatMessage.user("What is 2+2?"));
        assertThat(stored.inputs()).containsEntry("level", "easy");
        assertThat(stored.metadata()).containsEntry("ticket", 12);
        assertThat(stored.source()).isEqualTo("batch-job");
        assertThat(stored.duration()).isEqualTo(0.5);
        assertThat(stored.config().model()).isEqualTo("logged");
        assertThat(stored.feedback()).extracting(f -> f.type() + "=" + f.value()).containsExactly("rating=good");

        ApiResponse<List<CreateLogResponse>> many = openloop.humanloop().log(List.of(log(projectId, "a", "A").build(),
                log(projectId, "b", "B").build(), log(projectId, "c", "C").build()));
        assertThat(many.body()).hasSize(3).allSatisfy(created -> assertThat(created.id()).startsWith("data_"));
        assertThat(logs().get(many.body().get(1).id()).body().output()).isEqualTo("B");

        LogResponse corrected = logs().update(one.body().id(), UpdateLogRequest.builder().output("four").duration(1.5).build())
                .body();
        assertThat(corrected.output()).isEqualTo("four");
        assertThat(corrected.duration()).isEqualTo(1.5);
        assertThat(corrected.source()).isEqualTo("batch-job");

        // A reference id of the caller's own may hold anything; it travels as a query parameter.
        String reference = "ticket 7/#a?b&c=d";
        String referenced = logs().log(log(projectId, "later", null).referenceId(reference).build()).body().id();
        LogResponse filledIn = logs().updateByRef(reference, UpdateLogRequest.builder().output("done").error("slow").build())
                .body();
        assertThat(filledIn.id()).isEqualTo(referenced);
        assertThat(filledIn.referenceId()).isEqualTo(reference);
        assertThat(filledIn.output()).isEqualTo("done");
        assertThat(filledIn.error()).isEqualTo("slow");
    }

    @Test
    void theListFiltersAndItsIteratorFetchesEveryPage() {
        String projectId = newProject("log-list");
        List<LogRequest> requests = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            requests.add(log(projectId, "question " + day, (day % 2 == 0 ? "needle " : "hay ") + day)
                    .createdAt(Instant.parse("2024-05-0" + day + "T10:00:00Z")).build());
        }
        logs().log(requests);

        Page<LogResponse> first = logs().list(LogListParams.builder().projectId(projectId).size(3).build());
        assertThat(first.page()).isZero();
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.items()).extracting(LogResponse::output).containsExactly("hay 7", "needle 6", "hay 5");
        assertThat(first.hasNext()).isTrue();
        Page<LogResponse> last = first.next().next();
        assertThat(last.items()).extracting(LogResponse::output).containsExactly("hay 1");
        assertThat(last.hasNext()).isFalse();
        List<String> outputs = new ArrayList<>();
        first.autoPager().forEach(log -> outputs.add(log.output()));
        assertThat(outputs).containsExactly("hay 7", "needle 6", "hay 5", "needle 4", "hay 3", "needle 2", "hay 1");

        Page<LogResponse> needles = logs().list(LogListParams.builder().projectId(projectId).search("NEEDLE").build());
        assertThat(needles.items()).extracting(LogResponse::output).containsExactly("needle 6", "needle 4", "needle 2");
        assertThat(needles.size()).isEqualTo(50);

        // Both dates are inclusive.
        Page<LogResponse> midWeek = logs().list(LogListParams.builder().projectId(projectId).startDate(LocalDate.of(2024, 5, 3))
                .endDate(LocalDate.of(2024, 5, 5)).build());
        assertThat(midWeek.items()).extracting(LogResponse::output).containsExactly("hay 5", "needle 4", "hay 3");
        assertThat(midWeek.total()).isEqualTo(3);

        assertThat(logs().list(projectId).items()).hasSize(7);
    }

    @Test
    void logsAreDeletedByIds() {
        String projectId = newProject("log-delete");
        List<CreateLogResponse> made = logs().log(List.of(log(projectId, "1", "one").build(), log(projectId, "2", "two").build(),
                log(projectId, "3", "three").build())).body();

        ApiResponse<Void> deleted = logs().delete(made.get(0).id(), made.get(2).id());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isNull();

        assertThat(logs().list(projectId).items()).extracting(LogResponse::id).containsExactly(made.get(1).id());
        assertThatThrownBy(() -> logs().get(made.get(0).id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> logs().delete()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsAreTypedByStatus() {
        String projectId = newProject("log-errors");
        logs().log(log(projectId, "q", "a").referenceId("unique-ref").build());

        ConflictException taken = catchThrowableOfType(ConflictException.class,
                () -> logs().log(log(projectId, "q", "a").referenceId("unique-ref").build()));
        assertThat(taken.getMessage()).contains("unique-ref");

        UnprocessableEntityException noConfig = catchThrowableOfType(UnprocessableEntityException.class,
                () -> logs().log(LogRequest.builder().projectId(projectId).output("x").build()));
        assertThat(noConfig.validationErrors()).extracting(ValidationError::loc).containsExactly(List.of("body", "config"));

        UnprocessableEntityException secondOfMany = catchThrowableOfType(UnprocessableEntityException.class,
                () -> logs().log(List.of(log(projectId, "q", "a").build(), LogRequest.builder().output("x").build())));
        assertThat(secondOfMany.validationErrors()).extracting(ValidationError::loc)
                .containsExactlyInAnyOrder(List.of("body", 1, "project"), List.of("body", 1, "config"));

        UnprocessableEntityException badSize = catchThrowableOfType(UnprocessableEntityException.class,
                () -> logs().list(LogListParams.builder().projectId(projectId).size(0).build()));
        assertThat(badSize.validationErrors()).extracting(ValidationError::loc).containsExactly(List.of("query", "size"));

        assertThat(catchThrowableOfType(NotFoundException.class, () -> logs().get("data_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> logs().list("pr_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> logs().update("data_unknown",
                UpdateLogRequest.builder().output("x").build())).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> logs().updateByRef("no-such-ref",
                UpdateLogRequest.builder().output("x").build())).status()).isEqualTo(404);
    }
}
