package dev.openloop.server.http;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every dimension of a request that costs memory or CPU is bounded, each bound answered with a 422
 * naming the field and the limit (and the setting, where there is one); what providers take passes.
 * One node runs on the defaults, one with every setting lowered to show that each is read.
 */
class InputLimitsTest {
    private static final String MOCK = "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}";

    private static TestServer defaults;
    private static TestServer tight;

    @BeforeAll
    static void start() {
        defaults = TestServer.start();
        tight = TestServer.start(Map.of(
                "OPENLOOP_MAX_MESSAGES", "3",
                "OPENLOOP_MAX_TOOLS", "2",
                "OPENLOOP_MAX_METADATA_BYTES", "64",
                "OPENLOOP_MAX_INPUTS_BYTES", "64",
                "OPENLOOP_MAX_OUTPUT_TOKENS", "1000",
                "OPENLOOP_MAX_SAMPLED_BYTES", "4000",
                "OPENLOOP_MAX_BATCH_ITEMS", "2"));
    }

    @AfterAll
    static void stop() {
        defaults.close();
        tight.close();
    }

    /** The one problem of the 422, as {@code loc type: msg}. */
    private static String refusal(HttpResponse<String> response) {
        JsonNode detail = expect(response, 422).get("detail");
        assertThat(detail).as(response.body()).hasSize(1);
        return detail.get(0).get("loc") + " " + detail.get(0).get("type").asText() + ": " + detail.get(0).get("msg").asText();
    }

    private static String messages(int count) {
        return "[" + "{\"role\":\"user\",\"content\":\"hi\"},".repeat(count - 1) + "{\"role\":\"user\",\"content\":\"hi\"}]";
    }

    @Test
    void messagesToolsMetadataAndInputsFollowTheirSettings() {
        assertThat(refusal(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":" + messages(4) + "," + MOCK + "}")))
                .isEqualTo("[\"body\",\"messages\"] value_error.list.max_items: ensure this list has at most 3 items"
                        + " (OPENLOOP_MAX_MESSAGES)");
        expect(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":" + messages(3) + "," + MOCK + "}"), 200);
        assertThat(refusal(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"model_config\":{\"provider\":\"mock\","
                + "\"model\":\"m\",\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}}")))
                .startsWith("[\"body\",\"model_config\",\"tools\"] value_error.list.max_items:").endsWith("(OPENLOOP_MAX_TOOLS)");
        assertThat(refusal(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"metadata\":{\"k\":\"" + "m".repeat(64)
                + "\"}," + MOCK + "}"))).startsWith("[\"body\",\"metadata\"] value_error.too_large: ensure this value takes at most"
                + " 64 bytes as JSON").endsWith("(OPENLOOP_MAX_METADATA_BYTES)");
        assertThat(refusal(tight.post("/v4/logs", "{\"project\":\"l\",\"config\":{\"model\":\"m\"},\"inputs\":{\"k\":\""
                + "i".repeat(64) + "\"}}"))).startsWith("[\"body\",\"inputs\"] value_error.too_large:")
                .endsWith("(OPENLOOP_MAX_INPUTS_BYTES)");
        assertThat(refusal(tight.post("/v4/model-configs", "{\"project\":\"l\",\"model\":\"m\",\"endpoint\":\"chat\","
                + "\"chat_template\":" + messages(4) + "}"))).startsWith("[\"body\",\"chat_template\"] value_error.list.max_items:");
    }

    @Test
    void samplesTimesTokensAndSamplesTimesTheBodyAreBounded() {
        assertThat(refusal(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"num_samples\":4,"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"max_tokens\":300}}")))
                .isEqualTo("[\"body\",\"num_samples\"] value_error.too_large: ensure num_samples × max_tokens is at most 1000"
                        + " tokens (OPENLOOP_MAX_OUTPUT_TOKENS): these samples may generate 1200");
        expect(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"num_samples\":3,"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"max_tokens\":300}}"), 200);
        String large = "{\"project\":\"l\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "w ".repeat(500)
                + "\"}],\"num_samples\":5," + MOCK + "}";
        assertThat(refusal(tight.post("/v4/chat", large))).startsWith("[\"body\",\"num_samples\"] value_error.too_large:"
                + " ensure num_samples × the body's size is at most 4000 bytes (OPENLOOP_MAX_SAMPLED_BYTES)");
        expect(tight.post("/v4/chat", large.replace("\"num_samples\":5", "\"num_samples\":3")), 200);
        assertThat(refusal(defaults.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"num_samples\":129," + MOCK + "}")))
                .startsWith("[\"body\",\"num_samples\"] value_error.number.not_le");
    }

    @Test
    void aTemplateCannotMultiplyItsInputsPastTheBound() {
        String template = "[{\"role\":\"user\",\"content\":\"" + "{{doc}}".repeat(200) + "\"}]";
        String config = "{\"provider\":\"mock\",\"model\":\"m\",\"chat_template\":" + template + "}";
        assertThat(refusal(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"inputs\":{\"doc\":\"" + "d".repeat(40)
                + "\"},\"model_config\":" + config + "}"))).startsWith("[\"body\",\"inputs\"] value_error.too_large:"
                + " ensure the chat template filled with these inputs takes at most 4000 characters");
        expect(tight.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"inputs\":{\"doc\":\"d\"},\"model_config\":" + config
                + "}"), 200);
    }

    @Test
    void batchesOfLogsAndFeedbackFollowTheirSetting() {
        String log = "{\"project\":\"l\",\"config\":{\"model\":\"m\"}}";
        int before = tight.logCount();
        assertThat(refusal(tight.post("/v4/logs", "[" + log + "," + log + "," + log + "]")))
                .isEqualTo("[\"body\"] value_error.list.max_items: ensure this list has at most 2 items (OPENLOOP_MAX_BATCH_ITEMS)");
        assertThat(tight.logCount()).isEqualTo(before);
        String feedback = "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"data_x\"}";
        assertThat(refusal(tight.post("/v4/feedback", "[" + feedback + "," + feedback + "," + feedback + "]")))
                .startsWith("[\"body\"] value_error.list.max_items");
    }

    @Test
    void theFixedBoundsHoldOnTheDefaults() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThat(refusal(defaults.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"metadata\":{\"deep\":" + deep + "},"
                + MOCK + "}"))).contains("value_error.too_large: the body nests objects and arrays more than 128 levels deep");
        StringBuilder many = new StringBuilder("{\"project\":\"l\",\"messages\":[],\"metadata\":{\"many\":[");
        many.append("0,".repeat(1_000_001)).append("0]},").append(MOCK).append('}');
        assertThat(refusal(defaults.post("/v4/chat", many.toString())))
                .contains("value_error.too_large: the body holds more than 1000000 JSON tokens");
        assertThat(refusal(defaults.post("/v4/projects", "{\"name\":\"" + "n".repeat(513) + "\"}")))
                .isEqualTo("[\"body\",\"name\"] value_error.any_str.max_length: ensure this value has at most 512 characters");
        expect(defaults.post("/v4/projects", "{\"name\":\"" + "n".repeat(512) + "\"}"), 201);
        String parts = "[" + "{\"type\":\"text\",\"text\":\"p\"},".repeat(1_000) + "{\"type\":\"text\",\"text\":\"p\"}]";
        assertThat(refusal(defaults.post("/v4/chat", "{\"project\":\"l\",\"messages\":[{\"role\":\"user\",\"content\":" + parts
                + "}]," + MOCK + "}"))).isEqualTo("[\"body\",\"messages\",0,\"content\"] value_error.list.max_items:"
                + " ensure this list has at most 1000 items");
        String schema = "{\"type\":\"object\",\"description\":\"" + "s".repeat(300_000) + "\"}";
        assertThat(refusal(defaults.post("/v4/chat", "{\"project\":\"l\",\"messages\":[],\"model_config\":{\"provider\":\"mock\","
                + "\"model\":\"m\",\"tools\":[{\"name\":\"t\",\"parameters\":" + schema + "}]}}")))
                .startsWith("[\"body\",\"model_config\",\"tools\",0,\"parameters\"] value_error.too_large:"
                        + " ensure this value takes at most 262144 bytes as JSON");
        assertThat(refusal(defaults.post("/v4/logs", "{\"project\":\"l\",\"config\":{\"model\":\"m\"},\"reference_id\":\""
                + "r".repeat(600) + "\"}"))).startsWith("[\"body\",\"reference_id\"] value_error.any_str.max_length");
    }

    @Test
    void whatProvidersTakePassesOnTheDefaults() {
        String tools = "[" + "{\"name\":\"t\",\"parameters\":{\"type\":\"object\"}},".repeat(127)
                + "{\"name\":\"t\",\"parameters\":{\"type\":\"object\"}}]";
        expect(defaults.post("/v4/chat", "{\"project\":\"l\",\"num_samples\":128,\"messages\":" + messages(1_000) + ","
                + "\"metadata\":{\"user\":\"u\",\"tags\":[\"a\",\"b\"]},\"model_config\":{\"provider\":\"mock\",\"model\":\"m\","
                + "\"max_tokens\":8192,\"tools\":" + tools + "}}"), 200);
    }
}
