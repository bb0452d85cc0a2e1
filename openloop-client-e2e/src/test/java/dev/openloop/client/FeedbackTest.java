package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.api.log.LogResponse;
import dev.openloop.client.testing.NodeWithClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.feedback()} against a real OpenLoop node, on the logs of real chat calls. */
class FeedbackTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static String chatLogId() {
        return openloop.humanloop().chat(ChatRequest.builder().project("feedback").messages(ChatMessage.user("Rate me"))
                .modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "m")).build()).body().data().getFirst().id();
    }

    @Test
    void onePieceOfFeedbackOrManyAttachToTheLog() {
        String logId = chatLogId();

        ApiResponse<FeedbackResponse> one = openloop.humanloop().feedback().give(FeedbackRequest.builder().type("rating").value("bad")
                .dataId(logId).user("ada@example.com").createdAt(Instant.parse("2024-06-01T08:00:00Z")).build());
        assertThat(one.status()).isEqualTo(200);
        FeedbackResponse given = one.body();
        assertThat(given.id()).startsWith("ann_");
        assertThat(given.type()).isEqualTo("rating");
        assertThat(given.value()).isEqualTo("bad");
        assertThat(given.dataId()).isEqualTo(logId);
        assertThat(given.user()).isEqualTo("ada@example.com");
        assertThat(given.createdAt()).isEqualTo(Instant.parse("2024-06-01T08:00:00Z"));

        ApiResponse<List<FeedbackResponse>> many = openloop.humanloop().feedback(List.of(FeedbackRequest.of(logId, "rating", "good"),
                FeedbackRequest.of(logId, "correction", "Rated.")));
        assertThat(many.body()).extracting(FeedbackResponse::type).containsExactly("rating", "correction");

        // The log keeps the latest feedback of each type.
        LogResponse log = openloop.humanloop().logs().get(logId).body();
        assertThat(log.feedback()).extracting(f -> f.type() + "=" + f.value())
                .containsExactlyInAnyOrder("rating=good", "correction=Rated.");
    }

    @Test
    void errorsAreTypedByStatus() {
        String logId = chatLogId();

        UnprocessableEntityException noType = catchThrowableOfType(UnprocessableEntityException.class,
                () -> openloop.humanloop().feedback(FeedbackRequest.builder().value("good").dataId(logId).build()));
        assertThat(noType.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "type"), "field required", "value_error.missing"));

        NotFoundException unknownLog = catchThrowableOfType(NotFoundException.class,
                () -> openloop.humanloop().feedback(FeedbackRequest.of("data_unknown", "rating", "good")));
        assertThat(unknownLog.getMessage()).contains("data_unknown");

        // A list naming an unknown log stores none of it.
        NotFoundException partlyUnknown = catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().feedback(List.of(
                FeedbackRequest.of(logId, "issue", "wrong"), FeedbackRequest.of("data_unknown", "rating", "good"))));
        assertThat(partlyUnknown.status()).isEqualTo(404);
        assertThat(openloop.humanloop().logs().get(logId).body().feedback()).isEmpty();
    }
}
