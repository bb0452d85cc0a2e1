package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeyHash;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.json.WireJson;
import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.Project;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.SseWriter;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The playground: a config of the project (or an edited one), its template inputs and a message,
 * sent through the same chat flow as {@code POST /v4/chat} (so it is logged like any call), the
 * answer streamed in when the page's script runs and shown whole when it does not; the edited
 * parameters can be saved as a config (same parameters, same id).
 */
public final class PlaygroundPages {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final ObjectMapper JSON = WireJson.lenient();

    private final Guard guard;
    private final Pages pages;
    private final ConsoleServices services;
    private final ChatCore chat;

    PlaygroundPages(Guard guard, Pages pages, ConsoleServices services, ChatCore chat) {
        this.guard = guard;
        this.pages = pages;
        this.services = services;
        this.chat = chat;
    }

    public record Option(String value, String label) {
    }

    public record Input(String name, String value) {
    }

    /**
     * The playground as filled in.
     *
     * @param answer the answer of a message sent without the script, or empty
     * @param logId the log that answer made, or empty
     * @param saved the id of a config just saved, or empty
     */
    public record PlaygroundPage(String projectId, String projectName, List<Option> configs, String config,
            List<String> providers, String provider, String model, String temperature, String maxTokens, String template,
            List<Input> inputs, String message, String answer, String logId, String saved) {
    }

    void routing(HttpRules rules) {
        guard.page(rules, "/projects/{id}/playground", (req, res, session) -> {
            Project project = project(req);
            String configId = req.query().first("config").orElse("");
            Map<String, String> fields = new LinkedHashMap<>();
            if (!configId.isEmpty()) {
                if (!services.projectConfigs().uses(project.id(), configId)) {
                    throw ConsoleException.notFound("Config " + configId + " is not one of this project's");
                }
                StoredConfig stored = services.configs().get(configId);
                ModelConfigRequest config = stored.config();
                fields.put("provider", JSON.valueToTree(config.provider()).asText(""));
                fields.put("model", config.model());
                fields.put("temperature", config.temperature() == null ? "" : String.valueOf(config.temperature()));
                fields.put("max_tokens", config.maxTokens() == null || config.maxTokens() < 0 ? "" : String.valueOf(config.maxTokens()));
                fields.put("template", config.chatTemplate() == null ? "[]" : Shown.json(config.chatTemplate()));
            }
            send(res, session, project, configId, Form.parse(""), fields, "", "", "");
        });
        guard.action(rules, "/projects/{id}/playground", (req, res, session, form) -> {
            Project project = project(req);
            if ("save".equals(form.get("action"))) {
                ModelConfigRequest config = config(form);
                // What POST /v4/model-configs stores: the parameters' identity, linked to the project.
                StoredConfig stored = services.configs().register(config);
                services.configs().link(project.id(), stored.id());
                send(res, session, project, stored.id(), form, Map.of(), "", "", stored.id());
                return;
            }
            ChatResult answer = chat.chat(call(project, form, InputLimits.of(req)).byKey(ApiKeyHash.idOf(session.keyHash())));
            String output = answer.samples().isEmpty() ? "" : String.valueOf(answer.samples().getFirst().text());
            String logId = answer.samples().isEmpty() ? "" : answer.samples().getFirst().logId();
            send(res, session, project, form.get("config"), form, Map.of(), output, logId, "");
        });
        guard.action(rules, "/projects/{id}/playground/stream", (req, res, session, form) ->
                chat.stream(call(project(req), form, InputLimits.of(req)).byKey(ApiKeyHash.idOf(session.keyHash())), plan -> new PlaygroundEvents(SseWriter.start(res))));
    }

    /**
     * The chat call the form asks for: the edited config, inline, logged to the project. The
     * config and inputs are checked as {@code POST /v4/chat} checks its body.
     */
    private static ChatCall call(Project project, Form form, InputLimits limits) {
        ModelConfigRequest config = config(form);
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String name : variables(form.get("template"))) {
            inputs.put(name, form.get("input." + name) == null ? "" : form.get("input." + name));
        }
        RequestBodies.Problems problems = new RequestBodies.Problems(limits);
        ConfigChecks.checkConfig(config, RequestBodies.body("model_config"), problems);
        ConfigChecks.checkMetadataAndInputs(null, inputs, RequestBodies.body(), problems);
        if (!problems.isEmpty()) {
            throw ConsoleException.badRequest("These parameters do not make a config: " + problems.list().stream()
                    .map(problem -> problem.msg()).distinct().collect(Collectors.joining("; ")));
        }
        String message = form.get("message");
        List<ChatMessage> messages = message == null || message.isBlank() ? List.of() : List.of(ChatMessage.user(message));
        return ChatCall.builder(new ChatCall.ConfigChoice.Inline(config))
                .messages(messages)
                .placement(new ChatCall.Placement(null, project.id(), null, null, null, null))
                .inputs(inputs)
                .build();
    }

    /** The config the form's fields describe; 400 for a field that is not what it should be. */
    private static ModelConfigRequest config(Form form) {
        ObjectNode config = JSON.createObjectNode();
        config.put("provider", form.required("provider", "The provider"));
        config.put("model", form.required("model", "The model"));
        config.put("endpoint", "chat");
        String temperature = form.get("temperature");
        if (temperature != null && !temperature.isBlank()) {
            try {
                config.put("temperature", Double.parseDouble(temperature.strip()));
            } catch (NumberFormatException e) {
                throw ConsoleException.badRequest("The temperature is a number such as 0.7");
            }
        }
        String maxTokens = form.get("max_tokens");
        if (maxTokens != null && !maxTokens.isBlank()) {
            try {
                config.put("max_tokens", Integer.parseInt(maxTokens.strip()));
            } catch (NumberFormatException e) {
                throw ConsoleException.badRequest("The maximum of tokens is a whole number");
            }
        }
        String template = form.get("template");
        if (template != null && !template.isBlank()) {
            try {
                JsonNode messages = JSON.readTree(template);
                if (!messages.isArray()) {
                    throw ConsoleException.badRequest("The template is a JSON array of messages, e.g. [{\"role\":\"system\",\"content\":\"…\"}]");
                }
                config.set("chat_template", messages);
            } catch (JsonProcessingException e) {
                throw ConsoleException.badRequest("The template is not JSON: " + e.getOriginalMessage());
            }
        }
        try {
            return JSON.treeToValue(config, ModelConfigRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ConsoleException.badRequest("These parameters do not make a config: " + e.getMessage());
        }
    }

    /** The {@code {{name}}}s of a template, in order, each once. */
    static Set<String> variables(String template) {
        Set<String> names = new LinkedHashSet<>();
        if (template != null) {
            Matcher matcher = VARIABLE.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private void send(ServerResponse res, ConsoleSession session, Project project, String configId, Form form,
            Map<String, String> loaded, String answer, String logId, String saved) {
        java.util.function.Function<String, String> field = name -> loaded.containsKey(name) ? loaded.get(name)
                : form.get(name) == null ? "" : form.get(name);
        String template = field.apply("template").isEmpty() && loaded.isEmpty() && form.get("template") == null
                ? "[{\"role\": \"system\", \"content\": \"You are a helpful assistant.\"}]" : field.apply("template");
        List<Input> inputs = new ArrayList<>();
        for (String name : variables(template)) {
            inputs.add(new Input(name, form.get("input." + name) == null ? "" : form.get("input." + name)));
        }
        List<Option> configs = new ArrayList<>();
        services.projectConfigs().idsOf(project.id()).forEach(id -> services.configs().find(id)
                .ifPresent(stored -> configs.add(new Option(stored.id(), ProjectPages.describe(stored)))));
        List<String> providers = Arrays.stream(ModelProvider.values()).map(p -> JSON.valueToTree(p).asText()).toList();
        String provider = field.apply("provider").isEmpty() ? "mock" : field.apply("provider");
        String model = field.apply("model").isEmpty() && loaded.isEmpty() && form.get("model") == null ? "mock-1" : field.apply("model");
        pages.send(res, 200, "playground", Frame.of("Playground · " + project.name(), session, "projects"),
                new PlaygroundPage(project.id(), project.name(), configs, configId == null ? "" : configId, providers, provider,
                        model, field.apply("temperature"), field.apply("max_tokens"), template, inputs,
                        field.apply("message"), answer, logId, saved));
    }

    private Project project(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return services.projects().find(id).orElseThrow(() -> ConsoleException.notFound("There is no project " + id));
    }
}
