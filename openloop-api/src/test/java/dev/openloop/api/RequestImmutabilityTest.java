package dev.openloop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.experiment.UpdateExperimentRequest;
import dev.openloop.api.json.WireJson;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.UpdateProjectRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests cannot change once made: not through their accessors, nor through what they were made from. */
class RequestImmutabilityTest {

    @Test
    void aChatRequestsMapsCannotBeChangedThroughTheRequest() {
        ChatRequest request = ChatRequest.builder().inputs(Map.of("a", 1)).metadata(Map.of("m", "x")).build();

        assertThatThrownBy(() -> request.inputs().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.metadata().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(request.inputs()).containsOnlyKeys("a");
    }

    @Test
    void requestsBuiltOneAfterTheOtherShareNothingThatCanChange() {
        ChatRequest.Builder builder = ChatRequest.builder().inputs(Map.of("a", 1));
        ChatRequest first = builder.build();
        ChatRequest second = builder.metadata(Map.of("m", "x")).build();

        assertThatThrownBy(() -> second.inputs().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(first.inputs()).isEqualTo(Map.of("a", 1));
        assertThat(first.metadata()).isNull();
    }

    @Test
    void aMapTheCallerChangesAfterwardsDoesNotChangeTheRequest() {
        Map<String, Object> other = new HashMap<>(Map.of("logit_bias", 1));
        ModelConfigRequest config = ModelConfigRequest.builder().model("m").other(other).build();
        other.put("later", true);

        assertThat(config.other()).containsOnlyKeys("logit_bias");
        assertThatThrownBy(() -> config.other().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullValuesAndTheirOrderAreKept() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("z", null);
        inputs.put("a", "x");
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(null);
        messages.add(ChatMessage.user("Hi"));

        ChatRequest request = new ChatRequest(messages, null, null, null, null, null, null, inputs, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(request.inputs()).containsExactly(entry("z", null), entry("a", "x"));
        assertThat(request.messages()).containsExactly(null, ChatMessage.user("Hi"));
    }

    @Test
    void aBodyReadFromJsonIsUnmodifiableAndKeepsItsNulls() throws Exception {
        ObjectMapper json = WireJson.strict();
        ChatRequest request = json.readValue("""
                {"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                 "inputs": {"name": null, "city": "Paris"},
                 "model_config": {"model": "m", "provider": "mock", "stop": "END", "other": {"k": null}}}""",
                ChatRequest.class);

        assertThat(request.inputs()).containsExactly(entry("name", null), entry("city", "Paris"));
        assertThat(request.modelConfig().stop()).containsExactly("END");
        assertThat(request.modelConfig().other()).containsEntry("k", null);
        MessageContent.Parts parts = (MessageContent.Parts) request.messages().getFirst().content();
        assertThatThrownBy(() -> parts.parts().add(new ContentPart.TextPart("more")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.inputs().remove("city")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.messages().clear()).isInstanceOf(UnsupportedOperationException.class);
        // Written back as it came.
        assertThat(json.readTree(json.writeValueAsString(request)).get("inputs").toString())
                .isEqualTo("{\"name\":null,\"city\":\"Paris\"}");
    }

    @Test
    void aLogRequestKeepsACopyOfTheListsItWasBuiltFrom() {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("Hi")));
        LogRequest log = LogRequest.builder().project("p").messages(messages).output("Hello").build();
        messages.add(ChatMessage.user("Added later"));

        assertThat(log.messages()).containsExactly(ChatMessage.user("Hi"));
        assertThatThrownBy(() -> log.messages().add(ChatMessage.user("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * Every request record the SDK sends, made through its canonical constructor with collections
     * the test keeps: each list and map the record hands out is a copy that refuses changes.
     */
    @ParameterizedTest
    @ValueSource(classes = {ChatRequest.class, ChatMessage.class, MessageContent.Parts.class, ModelConfigRequest.class,
            ProjectModelConfigRequest.class, ToolDefinition.class, CreateExperimentRequest.class,
            UpdateExperimentRequest.class, LogRequest.class, CreateProjectRequest.class,
            EnvironmentProjectConfigRequest.class, FeedbackTypeRequest.class, UpdateProjectRequest.class})
    void everyCollectionOfARequestRecordIsAnUnmodifiableCopy(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> componentType = components[i].getType();
            if (componentType == List.class) {
                arguments[i] = new ArrayList<>();
            } else if (componentType == Map.class) {
                arguments[i] = new LinkedHashMap<>();
            } else if (componentType == boolean.class) {
                arguments[i] = false;
            } else if (componentType == int.class) {
                arguments[i] = 0;
            }
        }
        Constructor<?> canonical = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        Object record = canonical.newInstance(arguments);

        int collections = 0;
        for (int i = 0; i < components.length; i++) {
            Object held = components[i].getAccessor().invoke(record);
            if (arguments[i] instanceof List<?> given) {
                collections++;
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) given;
                list.add("added by the caller");
                assertThat((Collection<?>) held).as(components[i].getName()).isEmpty();
                assertThatThrownBy(() -> ((List<?>) held).clear()).as(components[i].getName())
                        .isInstanceOf(UnsupportedOperationException.class);
            } else if (arguments[i] instanceof Map<?, ?> given) {
                collections++;
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) given;
                map.put("added", "by the caller");
                assertThat((Map<?, ?>) held).as(components[i].getName()).isEmpty();
                assertThatThrownBy(() -> ((Map<?, ?>) held).clear()).as(components[i].getName())
                        .isInstanceOf(UnsupportedOperationException.class);
            }
        }
        assertThat(collections).as("collections of " + type.getSimpleName()).isPositive();
    }

    @Test
    void aConfigRegistrationCopiesTheConfigItIsMadeOf() {
        Map<String, Object> other = new HashMap<>();
        ProjectModelConfigRequest registration = ProjectModelConfigRequest.of("p",
                ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").other(other).build());
        other.put("later", 1);

        assertThat(registration.other()).isEmpty();
        assertThat(registration.config().other()).isEmpty();
    }

    private static Map.Entry<String, Object> entry(String key, Object value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }
}
