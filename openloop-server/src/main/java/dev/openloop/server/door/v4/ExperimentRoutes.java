package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.experiment.UpdateExperimentRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentService;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ProjectConfig;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;


/**
 * {@code /v4/experiments/{experiment_id}}: change, delete and sample an experiment (listing and
 * creating live under the project's routes).
 */
public final class ExperimentRoutes implements HttpService {
    private final Experiments experiments;
    private final ExperimentService service;
    private final ProjectConfigs projectConfigs;

    public ExperimentRoutes(Experiments experiments, ExperimentService service, ProjectConfigs projectConfigs) {
        this.experiments = experiments;
        this.service = service;
        this.projectConfigs = projectConfigs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.patch("/experiments/{experiment_id}", this::update)
                .delete("/experiments/{experiment_id}", (req, res) -> {
                    experiments.store().delete(experiment(req).id());
                    res.status(204).send();
                })
                .get("/experiments/{experiment_id}/model-config", this::sample);
    }

    private Experiment experiment(ServerRequest req) {
        return experiments.store().get(req.path().pathParameters().get("experiment_id"));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Experiment experiment = experiment(req);
        UpdateExperimentRequest request = RequestBodies.read(req, UpdateExperimentRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.name() != null && body.name().isBlank()) {
                        problems.add(body("name"), "ensure this value is not blank", "value_error.any_str.min_length");
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    List<PositiveLabel> labels = body.positiveLabels();
                    for (int i = 0; labels != null && i < labels.size(); i++) {
                        if (labels.get(i) == null || labels.get(i).type() == null || labels.get(i).value() == null) {
                            problems.add(body("positive_labels", i), "a positive label needs a type and a value",
                                    "value_error.missing");
                        }
                    }
                });
        service.update(experiment, request);
        JsonAnswers.send(res, 200, experiments.response(experiments.store().get(experiment.id())));
    }

    /** A draw, with a trial id the caller passes to {@code POST /logs} with the log it makes. */
    private void sample(ServerRequest req, ServerResponse res) {
        Experiment experiment = experiment(req);
        String configId = experiments.draw(experiment.id(), 1).getFirst().config().id();
        String trialId = experiments.store().recordTrial(experiment.id(), configId, null);
        ProjectConfig used = projectConfigs.find(experiment.projectId(), configId)
                .orElseThrow(() -> new IllegalStateException("config " + configId + " of " + experiment.id()
                        + " is not linked to its project"));
        JsonAnswers.send(res, 200, projectConfigs.response(used, experiment.id(), trialId, null));
    }
}
