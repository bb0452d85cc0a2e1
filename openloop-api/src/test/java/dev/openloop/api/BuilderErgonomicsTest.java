package dev.openloop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.json.WireJson;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.PositiveLabel;
import org.junit.jupiter.api.Test;

/** The builders as a Java user writes the seed's values: plain numbers, keys by name, the wire's spellings. */
class BuilderErgonomicsTest {

    @Test
    void numberSettersTakePlainNumbersAsTheSeedWritesThem() {
        ModelConfigRequest config = ModelConfigRequest.builder()
                .model("model_example")
                .maxTokens(-1)
                .temperature(1)
                .topP(1)
                .presencePenalty(0)
                .frequencyPenalty(0)
                .seed(42)
                .build();

        assertThat(config.temperature()).isEqualTo(1.0);
        assertThat(config.topP()).isEqualTo(1.0);
        assertThat(config.presencePenalty()).isEqualTo(0.0);
        assertThat(config.frequencyPenalty()).isEqualTo(0.0);
        assertThat(config.seed()).isEqualTo(42L);
        assertThat(config.maxTokens()).isEqualTo(-1);
        // The boxed forms still take null, to clear a value.
        assertThat(config.toBuilder().temperature((Double) null).build().temperature()).isNull();
        assertThat(ProjectModelConfigRequest.builder().model("m").temperature(0).seed(7).build().seed()).isEqualTo(7L);
        assertThat(ChatRequest.builder().seed(3).build().seed()).isEqualTo(3L);
    }

    @Test
    void providerKeysAreSetByNameAndPrintedByNameOnly() {
        ProviderApiKeys keys = ProviderApiKeys.builder().openai("sk-secret-1").cohere("co-secret-2").build();

        assertThat(keys.openai()).isEqualTo("sk-secret-1");
        assertThat(keys.cohere()).isEqualTo("co-secret-2");
        assertThat(keys.anthropic()).isNull();
        assertThat(keys.names()).containsExactly("openai", "cohere");
        assertThat(keys.toString()).isEqualTo("ProviderApiKeys[openai, cohere]").doesNotContain("secret");
        // On the wire they are sent whole; only printing hides them.
        assertThat(WireJson.lenient().valueToTree(keys).get("openai").asText()).isEqualTo("sk-secret-1");
    }

    @Test
    void theGoogleKeyIsSentAsGoogleAndFilledFromAFallbackLikeTheOthers() {
        ProviderApiKeys keys = ProviderApiKeys.builder().google("AIza-secret-3").build();

        assertThat(keys.names()).containsExactly("google");
        assertThat(keys.toString()).isEqualTo("ProviderApiKeys[google]");
        assertThat(WireJson.lenient().valueToTree(keys).get("google").asText()).isEqualTo("AIza-secret-3");
        // v4's seven keys alone leave it unset, and a fallback fills it without hiding the others.
        ProviderApiKeys v4Keys = new ProviderApiKeys("sk-1", null, null, null, null, null, null);
        assertThat(v4Keys.google()).isNull();
        ProviderApiKeys merged = v4Keys.orElse(keys);
        assertThat(merged.names()).containsExactly("openai", "google");
        assertThat(merged.google()).isEqualTo("AIza-secret-3");
    }

    @Test
    void toolChoicesAreMadeFromTheWireSpellingsAndPrintAsTheWireHasThem() {
        assertThat(ToolChoice.of("auto")).isEqualTo(ToolChoice.AUTO);
        assertThat(ToolChoice.of("required")).isEqualTo(ToolChoice.REQUIRED);
        assertThat(ToolChoice.NONE.toString()).isEqualTo("\"none\"");
        assertThat(ToolChoice.function("get_weather").toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}");
        assertThatThrownBy(() -> ToolChoice.of("string_example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"none\", \"auto\" or \"required\"")
                .hasMessageContaining("ToolChoice.function");
        assertThat(ChatRequest.builder().toolCall("auto").build().toolCall()).isEqualTo(ToolChoice.AUTO);
        assertThat(ChatRequest.builder().toolChoice("none").build().toolChoice()).isEqualTo(ToolChoice.NONE);
    }

    @Test
    void recordsPrintAsTheJsonOnTheWireWithProviderKeysHidden() {
        ChatRequest request = ChatRequest.builder()
                .project("demo")
                .messages(ChatMessage.user("Hi"))
                .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.OPENAI).model("gpt-4o").temperature(1).build())
                .providerApiKeys(ProviderApiKeys.builder().openai("sk-never-printed").build())
                .toolCall(ToolChoice.AUTO)
                .build();

        assertThat(request.toString()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"project\":\"demo\","
                + "\"provider_api_keys\":{\"openai\":\"<hidden>\"},\"tool_call\":\"auto\","
                + "\"model_config\":{\"model\":\"gpt-4o\",\"provider\":\"openai\",\"temperature\":1.0}}");
    }

    @Test
    void requiredFieldsAreCheckedByTheBuilderNamingWhatIsMissing() {
        assertThatThrownBy(() -> CreateExperimentRequest.builder().name("tone").configIds("config_a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CreateExperimentRequest needs positiveLabels (positive_labels on the wire): the API requires it");
        assertThatThrownBy(() -> CreateExperimentRequest.builder().build())
                .hasMessageContaining("name (name on the wire) and positiveLabels (positive_labels on the wire)");
        assertThat(CreateExperimentRequest.builder().name("tone")
                .positiveLabels(new PositiveLabel("rating", "good")).build().positiveLabels()).hasSize(1);
        assertThatThrownBy(() -> ProjectModelConfigRequest.builder().projectId("pr_x").build())
                .hasMessageContaining("ProjectModelConfigRequest needs model");
        assertThatThrownBy(() -> CreateProjectRequest.builder().name(" ").build())
                .hasMessageContaining("CreateProjectRequest needs name");
        assertThatThrownBy(() -> FeedbackTypeRequest.builder().build())
                .hasMessageContaining("FeedbackTypeRequest needs type");
    }
}
