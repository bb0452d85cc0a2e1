package dev.openloop.server.door.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.server.chatlog.LogSpend;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.api.config.Fallback;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.Project;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The projects list, a project's page (environments and deployments, configs, feedback types) and the config diff. */
public final class ProjectPages {
    static final int PROJECTS_PER_PAGE = 50;

    private final Guard guard;
    private final Pages pages;
    private final ConsoleServices services;

    ProjectPages(Guard guard, Pages pages, ConsoleServices services) {
        this.guard = guard;
        this.pages = pages;
        this.services = services;
    }

    /** What an environment has deployed, as a sentence; {@code nothing} when empty. */
    public record Deployed(String environment, String what) {
    }

    public record ProjectRow(String id, String name, long logs, String lastActivity, List<Deployed> deployed) {
    }

    public record ProjectsPage(List<ProjectRow> rows, int page, boolean hasNext) {
    }

    /** A config as the project page lists it; {@code fallbacks} in order, each a config id or {@code provider/model}. */
    public record ConfigRow(String id, String name, String model, String provider, String parameters, String template,
            List<String> fallbacks) {
    }

    public record Choice(String id, String label) {
    }

    public record ProjectPage(String id, String name, List<Deployed> deployed, List<Choice> environments,
            List<ConfigRow> configs, List<Choice> experiments, List<FeedbackTypeModel> feedbackTypes, Spend spend) {
    }

    /**
     * What the project's logs of the last {@value #SPEND_DAYS} days cost, in all and by model.
     *
     * @param total USD, exact
     * @param logs how many logs
     * @param unpriced how many of them have no cost
     * @param byModel the same by {@code provider/model}
     */
    public record Spend(String total, long logs, long unpriced, List<SpendRow> byModel) {
    }

    /** One model's part of a project's spend. */
    public record SpendRow(String model, String cost, long logs, long unpriced) {
    }

    /** How many days back a project's page sums its spend. */
    static final int SPEND_DAYS = 30;

    public record DiffRow(String field, String left, String right, boolean differs) {
    }

    public record DiffPage(String projectId, String projectName, ConfigRow left, ConfigRow right, List<DiffRow> rows) {
    }

    void routing(HttpRules rules) {
        guard.page(rules, "/projects", this::list);
        guard.page(rules, "/projects/{id}", this::project);
        guard.page(rules, "/projects/{id}/diff", this::diff);
        guard.action(rules, "/projects/{id}/deploy", (req, res, session, form) -> {
            Project project = project(req);
            Environment environment = services.environments().get(form.required("environment", "The environment"));
            String target = form.required("target", "What to deploy");
            if (target.startsWith("experiment:")) {
                Experiment experiment = services.projectDeployments().experimentOf(project, target.substring("experiment:".length()));
                services.projectDeployments().deployExperiment(project, environment, experiment);
            } else if (target.startsWith("config:")) {
                String configId = target.substring("config:".length());
                if (!services.projectConfigs().uses(project.id(), configId)) {
                    throw ConsoleException.badRequest("Config " + configId + " is not one of this project's");
                }
                services.projectDeployments().deployConfig(project, environment, services.projectDeployments().config(configId));
            } else {
                throw ConsoleException.badRequest("Pick a config or an experiment to deploy");
            }
            Pages.redirect(res, "/projects/" + project.id());
        });
    }

    private void list(ServerRequest req, ServerResponse res, ConsoleSession session) {
        int page = Paging.page(req);
        // A key limited to projects lists those alone.
        List<Project> found = services.projects().listFrom(guard.scopeOf(session).projectIds(), null, "updated_at", false,
                (long) page * PROJECTS_PER_PAGE, PROJECTS_PER_PAGE + 1);
        List<ProjectRow> rows = new ArrayList<>();
        for (Project project : found.subList(0, Math.min(found.size(), PROJECTS_PER_PAGE))) {
            rows.add(new ProjectRow(project.id(), project.name(), services.logs().countOfProject(project.id()),
                    Shown.time(project.updatedAt()), deployed(project)));
        }
        pages.send(res, 200, "projects", Frame.of("Projects", session, "projects"),
                new ProjectsPage(rows, page, found.size() > PROJECTS_PER_PAGE));
    }

    private void project(ServerRequest req, ServerResponse res, ConsoleSession session) {
        Project project = project(req);
        List<ConfigRow> configs = configs(project);
        List<Choice> environments = services.environments().list().stream()
                .map(environment -> new Choice(environment.id(), environment.name())).toList();
        List<Choice> experiments = services.experiments().store().list(project.id()).stream()
                .map(experiment -> new Choice(experiment.id(), experiment.name())).toList();
        pages.send(res, 200, "project", Frame.of(project.name(), session, "projects"),
                new ProjectPage(project.id(), project.name(), deployed(project), environments, configs, experiments,
                        services.feedbackTypes().of(project.id()), spend(project)));
    }

    /** The project's spend over the last {@value #SPEND_DAYS} days, by model, summed exactly. */
    private Spend spend(Project project) {
        long to = System.currentTimeMillis() + 1;
        long from = to - SPEND_DAYS * 86_400_000L;
        List<LogSpend.Row> rows = services.logs().spend().report(from, to, LogSpend.Group.MODEL, project.id());
        BigInteger total = BigInteger.ZERO;
        long logs = 0;
        long unpriced = 0;
        List<SpendRow> byModel = new ArrayList<>();
        for (LogSpend.Row row : rows) {
            total = total.add(row.picoUsd());
            logs += row.logs();
            unpriced += row.unpriced();
            byModel.add(new SpendRow(row.key() == null ? "(no provider call)" : row.key(), dollars(row.picoUsd()),
                    row.logs(), row.unpriced()));
        }
        return new Spend(dollars(total), logs, unpriced, byModel);
    }

    /** Picodollars as {@code $0.000123}, exact. */
    static String dollars(BigInteger picoUsd) {
        return "$" + Cost.text(Cost.usd(picoUsd));
    }

    private void diff(ServerRequest req, ServerResponse res, ConsoleSession session) {
        Project project = project(req);
        Map<String, ConfigRow> configs = configs(project).stream()
                .collect(Collectors.toMap(ConfigRow::id, Function.identity()));
        ConfigRow left = configs.get(req.query().first("a").orElse(""));
        ConfigRow right = configs.get(req.query().first("b").orElse(""));
        if (left == null || right == null) {
            throw ConsoleException.badRequest("Pick two of this project's configs to compare");
        }
        JsonNode a = Shown.tree(services.configs().get(left.id()).config());
        JsonNode b = Shown.tree(services.configs().get(right.id()).config());
        Set<String> fields = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(fields::add);
        b.fieldNames().forEachRemaining(fields::add);
        List<DiffRow> rows = new ArrayList<>();
        for (String field : fields) {
            String l = a.has(field) ? Shown.json(a.get(field)) : "";
            String r = b.has(field) ? Shown.json(b.get(field)) : "";
            rows.add(new DiffRow(field, l, r, !l.equals(r)));
        }
        pages.send(res, 200, "diff", Frame.of("Compare configs", session, "projects"),
                new DiffPage(project.id(), project.name(), left, right, rows));
    }

    private Project project(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return services.projects().find(id).orElseThrow(() -> ConsoleException.notFound("There is no project " + id));
    }

    private List<ConfigRow> configs(Project project) {
        List<ConfigRow> rows = new ArrayList<>();
        for (String configId : services.projectConfigs().idsOf(project.id())) {
            services.configs().find(configId).ifPresent(stored -> rows.add(row(stored, services.configs().fallbacks(configId))));
        }
        return rows;
    }

    static ConfigRow row(StoredConfig stored, List<Fallback> fallbacks) {
        JsonNode tree = Shown.tree(stored.config());
        String provider = tree.path("provider").asText("");
        String template = "";
        if (tree.hasNonNull("chat_template")) {
            template = Shown.json(tree.get("chat_template"));
        } else if (tree.hasNonNull("prompt_template")) {
            template = tree.get("prompt_template").asText();
        }
        if (tree.isObject()) {
            for (String shownApart : List.of("model", "provider", "name", "chat_template", "prompt_template")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(shownApart);
            }
        }
        Iterator<String> any = tree.fieldNames();
        return new ConfigRow(stored.id(), Optional.ofNullable(stored.config().name()).orElse(""), stored.config().model(),
                provider,
                any.hasNext() ? Shown.json(tree) : "", template, fallbacks.stream()
                        .map(f -> f.configId() != null ? f.configId() : f.provider().wire() + "/" + f.model()).toList());
    }

    private List<Deployed> deployed(Project project) {
        Map<String, Environment> environments = services.environments().list().stream()
                .collect(Collectors.toMap(Environment::id, Function.identity()));
        List<Deployed> deployed = new ArrayList<>();
        for (Deployment deployment : services.deployments().list(project.id())) {
            Environment environment = environments.get(deployment.environmentId());
            String name = environment == null ? deployment.environmentId() : environment.name();
            if (deployment.experimentId() != null) {
                String experiment = services.experiments().store().find(deployment.experimentId())
                        .map(Experiment::name).orElse(deployment.experimentId());
                deployed.add(new Deployed(name, "experiment " + experiment));
            } else if (deployment.configId() != null) {
                String config = services.configs().find(deployment.configId())
                        .map(stored -> describe(stored)).orElse(deployment.configId());
                deployed.add(new Deployed(name, "config " + config));
            }
        }
        return deployed;
    }

    static String describe(StoredConfig stored) {
        String name = stored.config().name();
        return (name == null || name.isBlank() ? stored.config().model() : name + " (" + stored.config().model() + ")")
                + " · " + stored.id();
    }
}
