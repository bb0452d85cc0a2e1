package dev.openloop.server.door.console;

import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.api.project.FeedbackLabel;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.chatlog.LogFilter;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.project.Project;
import dev.openloop.server.web.InputLimits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A project's logs (filters, server-side paging) and a log's page (the chat, the provider's exchange, its session, its feedback). */
public final class LogPages {
    static final int LOGS_PER_PAGE = 50;
    static final int PREVIEW_CHARS = 160;
    /** A session's tree shows this many of its logs: more is a session no one reads as a tree. */
    static final int SESSION_OUTLINE_LIMIT = 200;

    private final Guard guard;
    private final Pages pages;
    private final ConsoleServices services;

    LogPages(Guard guard, Pages pages, ConsoleServices services) {
        this.guard = guard;
        this.pages = pages;
        this.services = services;
    }

    /** The filters as the person typed them, to fill the form again and to keep them across pages. */
    public record Filters(String q, String config, String environment, String experiment, String status, String feedback,
            String from, String to) {

        /** The query string of these filters, without the page. */
        public String query() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("q", q);
            values.put("config", config);
            values.put("environment", environment);
            values.put("experiment", experiment);
            values.put("status", status);
            values.put("feedback", feedback);
            values.put("from", from);
            values.put("to", to);
            return values.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
    }

    public record Choice(String value, String label) {
    }

    public record LogRow(String id, String time, String outcome, String config, String environment, String preview,
            String feedback) {
    }

    public record LogsPage(String projectId, String projectName, Filters filters, List<Choice> configs,
            List<Choice> environments, List<Choice> experiments, List<Choice> feedbackChoices, List<LogRow> rows,
            int page, boolean hasNext) {

        public String pageLink(int number) {
            String query = filters.query();
            return "/projects/" + projectId + "/logs?" + (query.isEmpty() ? "" : query + "&") + "page=" + number;
        }
    }

    /** A log of the session's tree, {@code depth} below its root. */
    public record TreeNode(String id, int depth, String time, String outcome, boolean current) {
    }

    public record LogPage(String id, String projectId, String projectName, String time, String outcome, String error,
            String config, String environment, String experiment, String latency, String tokens, String cost, String inputs,
            String metadata, List<Conversation.Message> messages, Conversation.Message outputMessage, String output,
            String providerRequest, String providerResponse, List<TreeNode> session, List<FeedbackResponse> feedback,
            List<FeedbackTypeModel> feedbackTypes) {
    }

    void routing(HttpRules rules) {
        guard.page(rules, "/projects/{id}/logs", this::list);
        guard.page(rules, "/logs/{id}", this::log);
        guard.action(rules, "/logs/{id}/feedback", (req, res, session, form) -> {
            LogRecord log = services.logs().get(req.path().pathParameters().get("id"));
            String type = form.required("type", "The feedback type");
            String value = form.get("value");
            boolean unset = "true".equals(form.get("unset"));
            if (!unset && (value == null || value.isBlank())) {
                throw ConsoleException.badRequest("A value is required to give " + type + " feedback");
            }
            if (type.length() > InputLimits.MAX_NAME_LENGTH) {
                throw ConsoleException.badRequest("A feedback type has at most " + InputLimits.MAX_NAME_LENGTH + " characters");
            }
            // The path of POST /v4/feedback: stored with the log locked, its experiment's counts recounted.
            services.feedback().give(List.of(new FeedbackRequest(type, unset ? null : value.strip(), log.id(),
                    ApiKeyHash.idOf(session.keyHash()), null, unset ? Boolean.TRUE : null)));
            Pages.redirect(res, "/logs/" + log.id() + "#feedback");
        });
    }

    private void list(ServerRequest req, ServerResponse res, ConsoleSession session) {
        Project project = project(req.path().pathParameters().get("id"));
        Filters filters = new Filters(param(req, "q"), param(req, "config"), param(req, "environment"),
                param(req, "experiment"), param(req, "status"), param(req, "feedback"), param(req, "from"), param(req, "to"));
        int page = Paging.page(req);
        LogFilter filter = filter(project, filters);
        // One log more than a page, read from where the page starts, tells whether there is a next.
        List<String> ids = services.logs().idsFrom(filter, (long) page * LOGS_PER_PAGE, LOGS_PER_PAGE + 1);
        boolean hasNext = ids.size() > LOGS_PER_PAGE;
        List<String> shown = hasNext ? ids.subList(0, LOGS_PER_PAGE) : ids;
        List<Choice> configChoices = configChoices(project);
        Map<String, String> configNames = configChoices.stream().collect(Collectors.toMap(Choice::value, Choice::label));
        Map<String, String> environmentNames = services.environments().list().stream()
                .collect(Collectors.toMap(Environment::id, Environment::name));
        Map<String, List<FeedbackResponse>> feedback = services.feedback().currentOf(shown);
        List<LogRow> rows = new ArrayList<>();
        services.logs().forEach(shown, log -> rows.add(new LogRow(log.id(), Shown.time(log.createdAt()), outcome(log),
                configNames.getOrDefault(log.configId(), log.configId()),
                log.environmentId() == null ? "" : environmentNames.getOrDefault(log.environmentId(), log.environmentId()),
                Conversation.preview(log.output(), log.messages(), PREVIEW_CHARS),
                feedback.getOrDefault(log.id(), List.of()).stream().map(f -> f.type() + ": " + f.value())
                        .collect(Collectors.joining(", ")))));
        pages.send(res, 200, "logs", Frame.of("Logs · " + project.name(), session, "projects"),
                new LogsPage(project.id(), project.name(), filters, configChoices,
                        services.environments().list().stream().map(e -> new Choice(e.id(), e.name())).toList(),
                        services.experiments().store().list(project.id()).stream().map(e -> new Choice(e.id(), e.name())).toList(),
                        feedbackChoices(project), rows, page, hasNext));
    }

    private LogFilter filter(Project project, Filters filters) {
        LogFilter.Outcome outcome = null;
        if (!filters.status().isEmpty()) {
            try {
                outcome = LogFilter.Outcome.valueOf(filters.status().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ConsoleException.badRequest("The status is one of ok, error and incomplete");
            }
        }
        String feedbackType = null;
        String feedbackValue = null;
        if (!filters.feedback().isEmpty()) {
            int colon = filters.feedback().indexOf(':');
            if (colon <= 0) {
                throw ConsoleException.badRequest("The feedback filter is type:value, e.g. rating:good");
            }
            feedbackType = filters.feedback().substring(0, colon);
            feedbackValue = filters.feedback().substring(colon + 1);
        }
        Long from = filters.from().isEmpty() ? null : startOf(filters.from(), "from");
        Long before = filters.to().isEmpty() ? null : startOf(filters.to(), "to") + 24L * 3600 * 1000;
        return new LogFilter(project.id(), filters.q().isEmpty() ? null : filters.q(), from, before, blankToNull(filters.config()),
                blankToNull(filters.environment()), blankToNull(filters.experiment()), outcome, feedbackType, feedbackValue);
    }

    private void log(ServerRequest req, ServerResponse res, ConsoleSession session) {
        LogRecord log = services.logs().get(req.path().pathParameters().get("id"));
        Project project = project(log.projectId());
        String config = services.configs().find(log.configId()).map(ProjectPages::describe).orElse(log.configId());
        String environment = log.environmentId() == null ? ""
                : services.environments().list().stream().filter(e -> e.id().equals(log.environmentId()))
                        .map(Environment::name).findFirst().orElse(log.environmentId());
        String experiment = log.experimentId() == null ? ""
                : services.experiments().store().find(log.experimentId()).map(e -> e.name() + " · trial " + log.trialId())
                        .orElse(log.experimentId());
        String latency = log.providerLatency() == null ? "" : String.format(Locale.ROOT, "%.3f s", log.providerLatency());
        String tokens = (log.promptTokens() == null ? "?" : log.promptTokens()) + " in"
                + (log.cachedInputTokens() == null || log.cachedInputTokens() == 0 ? "" : " (" + log.cachedInputTokens() + " cached)")
                + (log.cacheWriteTokens() == null || log.cacheWriteTokens() == 0 ? "" : " (" + log.cacheWriteTokens() + " written to cache)")
                + ", " + (log.outputTokens() == null ? "?" : log.outputTokens()) + " out"
                + (log.reasoningTokens() == null || log.reasoningTokens() == 0 ? "" : " (" + log.reasoningTokens() + " reasoning)");
        String cost = log.costPicoUsd() == null ? "unknown" : "$" + Cost.text(Cost.usd(log.costPicoUsd()))
                + (Boolean.TRUE.equals(log.costEstimated()) ? " (estimated)" : "");
        pages.send(res, 200, "log", Frame.of("Log " + log.id(), session, "projects"),
                new LogPage(log.id(), project.id(), project.name(), Shown.time(log.createdAt()), outcome(log),
                        log.error() == null ? "" : log.error(), config, environment, experiment, latency, tokens, cost,
                        Shown.prettyJson(log.inputs()), Shown.prettyJson(log.metadata()), Conversation.of(log.messages()),
                        Conversation.one(log.outputMessage()), log.output() == null ? "" : log.output(),
                        Shown.prettyJson(log.providerRequest()), Shown.prettyJson(log.providerResponse()), tree(log),
                        services.feedback().currentOf(log.id()), services.feedbackTypes().of(project.id())));
    }

    /** The log's session as a tree, depth first, children in the order they were made. */
    private List<TreeNode> tree(LogRecord log) {
        if (log.sessionId() == null) {
            return List.of();
        }
        List<LogStore.Outline> outline = services.logs().outlineOfSession(log.sessionId(), SESSION_OUTLINE_LIMIT);
        Map<String, LogStore.Outline> byId = outline.stream().collect(Collectors.toMap(LogStore.Outline::id, Function.identity()));
        Map<String, List<LogStore.Outline>> children = new LinkedHashMap<>();
        List<LogStore.Outline> roots = new ArrayList<>();
        for (LogStore.Outline node : outline) {
            if (node.parentId() != null && byId.containsKey(node.parentId())) {
                children.computeIfAbsent(node.parentId(), id -> new ArrayList<>()).add(node);
            } else {
                roots.add(node);
            }
        }
        List<TreeNode> shown = new ArrayList<>();
        for (LogStore.Outline root : roots) {
            walk(root, 0, children, log.id(), shown);
        }
        return shown;
    }

    private static void walk(LogStore.Outline node, int depth, Map<String, List<LogStore.Outline>> children, String current,
            List<TreeNode> shown) {
        String outcome = node.failed() ? "error" : node.status().equals("complete") ? "ok" : node.status();
        shown.add(new TreeNode(node.id(), depth, Shown.time(node.createdAt()), outcome, node.id().equals(current)));
        for (LogStore.Outline child : children.getOrDefault(node.id(), List.of())) {
            walk(child, depth + 1, children, current, shown);
        }
    }

    static String outcome(LogRecord log) {
        if (log.error() != null) {
            return "error";
        }
        return switch (log.status()) {
            case "complete" -> "ok";
            default -> log.status();
        };
    }

    private List<Choice> configChoices(Project project) {
        List<Choice> choices = new ArrayList<>();
        services.projectConfigs().idsOf(project.id()).forEach(configId -> services.configs().find(configId)
                .ifPresent(stored -> choices.add(new Choice(stored.id(), ProjectPages.describe(stored)))));
        return choices;
    }

    /** {@code type:value} for each labelled value of the project's feedback types. */
    private List<Choice> feedbackChoices(Project project) {
        List<Choice> choices = new ArrayList<>();
        for (FeedbackTypeModel type : services.feedbackTypes().of(project.id())) {
            if (type.values() != null) {
                for (FeedbackLabel label : type.values()) {
                    choices.add(new Choice(type.type() + ":" + label.value(), type.type() + " = " + label.value()));
                }
            }
        }
        return choices;
    }

    private Project project(String id) {
        return services.projects().find(id).orElseThrow(() -> ConsoleException.notFound("There is no project " + id));
    }

    private static String param(ServerRequest req, String name) {
        String value = req.query().first(name).orElse("").strip();
        if (value.length() > 1_000) {
            throw ConsoleException.badRequest("The filter " + name + " is longer than 1000 characters");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static long startOf(String date, String name) {
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ConsoleException.badRequest("The date " + name + " is a day such as 2026-01-31");
        }
    }
}
