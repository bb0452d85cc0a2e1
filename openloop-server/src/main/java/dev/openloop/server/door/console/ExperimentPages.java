package dev.openloop.server.door.console;

import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentConfig;
import dev.openloop.server.experiment.PosteriorSummary;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.Project;
import dev.openloop.server.web.InputLimits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A project's experiments: create, stop, and each arm's figures with a chart of its share of draws. */
public final class ExperimentPages {
    /** The chart's spans of time. */
    static final int CHART_BUCKETS = 20;
    static final int CHART_WIDTH = 600;
    static final int CHART_HEIGHT = 200;
    /** A few colours told apart by most people, one per arm (repeating beyond them). */
    private static final List<String> COLOURS = List.of("#1f5fbf", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e");

    private final Guard guard;
    private final Pages pages;
    private final ConsoleServices services;

    ExperimentPages(Guard guard, Pages pages, ConsoleServices services) {
        this.guard = guard;
        this.pages = pages;
        this.services = services;
    }

    public record ArmRow(String configId, String label, boolean active, long trials, long positives, String positiveRate,
            String mean, String interval, String probabilityBest, String colour) {
    }

    /** A point of the chart, in its coordinates. */
    public record Point(String x, String y) {
    }

    /** One arm's line on the chart: its points, and the same as an SVG polyline's {@code points}. */
    public record Series(String label, String colour, List<Point> dots) {

        public String points() {
            return dots.stream().map(dot -> dot.x() + "," + dot.y()).collect(Collectors.joining(" "));
        }
    }

    public record ExperimentView(String id, String name, String labels, boolean running, List<ArmRow> arms,
            List<Series> chart, long draws) {
    }

    public record Option(String value, String label) {
    }

    public record ExperimentsPage(String projectId, String projectName, List<ExperimentView> experiments,
            List<Option> configs, List<Option> labels, int chartWidth, int chartHeight) {
    }

    void routing(HttpRules rules) {
        guard.page(rules, "/projects/{id}/experiments", this::list);
        guard.action(rules, "/projects/{id}/experiments", (req, res, session, form) -> {
            Project project = project(req);
            String name = form.required("name", "The experiment's name");
            if (name.length() > InputLimits.MAX_NAME_LENGTH) {
                throw ConsoleException.badRequest("A name has at most " + InputLimits.MAX_NAME_LENGTH + " characters");
            }
            Set<String> projectConfigs = Set.copyOf(services.projectConfigs().idsOf(project.id()));
            List<String> configIds = form.all("config").stream().distinct().toList();
            if (configIds.isEmpty()) {
                throw ConsoleException.badRequest("Pick the configs the experiment compares");
            }
            for (String configId : configIds) {
                if (!projectConfigs.contains(configId)) {
                    throw ConsoleException.badRequest("Config " + configId + " is not one of this project's");
                }
            }
            List<PositiveLabel> labels = new ArrayList<>();
            for (String label : form.all("label")) {
                int colon = label.indexOf(':');
                if (colon <= 0) {
                    throw ConsoleException.badRequest("A positive label is type:value");
                }
                labels.add(new PositiveLabel(label.substring(0, colon), label.substring(colon + 1)));
            }
            if (labels.isEmpty()) {
                throw ConsoleException.badRequest("Pick at least one positive label: the feedback that counts as a success");
            }
            // The store call POST /v4/projects/{id}/experiments makes; its configs are already the project's.
            services.experiments().store().create(project.id(), name, labels, configIds);
            Pages.redirect(res, "/projects/" + project.id() + "/experiments");
        });
        guard.action(rules, "/experiments/{id}/stop", (req, res, session, form) -> {
            Experiment experiment = services.experiments().store().get(req.path().pathParameters().get("id"));
            // What PATCH /v4/experiments/{id} with config_ids_to_deregister does: every arm stops being drawn, keeping its counts.
            services.experiments().store().deregister(experiment.id(),
                    services.experiments().store().configs(experiment.id()).stream().map(ExperimentConfig::configId).toList());
            Pages.redirect(res, "/projects/" + experiment.projectId() + "/experiments");
        });
    }

    private void list(ServerRequest req, ServerResponse res, ConsoleSession session) {
        Project project = project(req);
        List<ExperimentView> views = new ArrayList<>();
        for (Experiment experiment : services.experiments().store().list(project.id())) {
            views.add(view(experiment));
        }
        List<Option> configs = new ArrayList<>();
        services.projectConfigs().idsOf(project.id()).forEach(configId -> services.configs().find(configId)
                .ifPresent(stored -> configs.add(new Option(stored.id(), ProjectPages.describe(stored)))));
        List<Option> labels = new ArrayList<>();
        services.feedbackTypes().of(project.id()).forEach(type -> {
            if (type.values() != null) {
                type.values().forEach(label -> labels.add(new Option(type.type() + ":" + label.value(),
                        type.type() + " = " + label.value())));
            }
        });
        pages.send(res, 200, "experiments", Frame.of("Experiments · " + project.name(), session, "projects"),
                new ExperimentsPage(project.id(), project.name(), views, configs, labels, CHART_WIDTH, CHART_HEIGHT));
    }

    private ExperimentView view(Experiment experiment) {
        List<ExperimentConfig> arms = services.experiments().store().configs(experiment.id());
        Map<String, PosteriorSummary.Arm> figures = PosteriorSummary.of(arms);
        Map<String, long[]> draws = services.logs().experimentDrawsOverTime(experiment.id(), CHART_BUCKETS);
        List<ArmRow> rows = new ArrayList<>();
        List<Series> chart = new ArrayList<>();
        long[] totals = new long[CHART_BUCKETS];
        draws.values().forEach(counts -> {
            for (int b = 0; b < CHART_BUCKETS; b++) {
                totals[b] += counts[b];
            }
        });
        for (int i = 0; i < arms.size(); i++) {
            ExperimentConfig arm = arms.get(i);
            PosteriorSummary.Arm figure = figures.get(arm.configId());
            String label = services.configs().find(arm.configId()).map(ExperimentPages::label).orElse(arm.configId());
            String colour = COLOURS.get(i % COLOURS.size());
            rows.add(new ArmRow(arm.configId(), label, arm.active(), arm.trials(), arm.successes(),
                    arm.trials() == 0 ? "–" : percent((double) arm.successes() / arm.trials()), percent(figure.mean()),
                    percent(figure.low()) + " – " + percent(figure.high()), percent(figure.probabilityBest()), colour));
            long[] counts = draws.getOrDefault(arm.configId(), new long[CHART_BUCKETS]);
            chart.add(new Series(label, colour, points(counts, totals)));
        }
        long drawn = java.util.Arrays.stream(totals).sum();
        return new ExperimentView(experiment.id(), experiment.name(),
                experiment.labels().stream().map(l -> l.type() + " = " + l.value()).collect(Collectors.joining(", ")),
                arms.stream().anyMatch(ExperimentConfig::active), rows, drawn == 0 ? List.of() : chart, drawn);
    }

    /** The share of each span's draws; spans without draws are left out. */
    private static List<Point> points(long[] counts, long[] totals) {
        List<Point> points = new ArrayList<>();
        for (int b = 0; b < counts.length; b++) {
            if (totals[b] == 0) {
                continue;
            }
            double x = counts.length == 1 ? 0 : (double) b * CHART_WIDTH / (counts.length - 1);
            double y = CHART_HEIGHT - (double) counts[b] / totals[b] * CHART_HEIGHT;
            points.add(new Point(String.format(Locale.ROOT, "%.1f", x), String.format(Locale.ROOT, "%.1f", y)));
        }
        return points;
    }

    private static String label(StoredConfig stored) {
        String name = stored.config().name();
        return (name == null || name.isBlank() ? stored.config().model() : name) + " · " + stored.id();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private Project project(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return services.projects().find(id).orElseThrow(() -> ConsoleException.notFound("There is no project " + id));
    }
}
