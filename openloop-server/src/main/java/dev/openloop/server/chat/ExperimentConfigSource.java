package dev.openloop.server.chat;

import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.project.ProjectStore;
import java.util.List;

/** {@code /chat-experiment}: each sample's config drawn from the experiment; the logs go to its project. */
final class ExperimentConfigSource implements ConfigSource<ChatCall.ConfigChoice.Experiment> {
    private final Experiments experiments;
    private final ProjectStore projects;

    ExperimentConfigSource(Experiments experiments, ProjectStore projects) {
        this.experiments = experiments;
        this.projects = projects;
    }

    @Override
    public SampleConfigs resolve(ChatCall.ConfigChoice.Experiment choice, RequestedProject project, int samples) {
        Experiment experiment = experiments.store().get(choice.experimentId());
        if (!project.isNone() && !experiment.projectId().equals(project.id())) {
            throw Refusal.invalid(Refusal.at("config"), "experiment " + experiment.id()
                    + " belongs to another project than " + project.describe(), "value_error");
        }
        RequestedProject experimentProject = project.isNone() ? RequestedProject.of(projects.cachedGet(experiment.projectId())) : project;
        return new SampleConfigs(experimentProject, draws(experiments, experiment.id(), samples, null));
    }

    /** One independent draw per sample, each a trial of its own. */
    static List<ResolvedConfig> draws(Experiments experiments, String experimentId, int samples, String environmentId) {
        return experiments.draw(experimentId, samples).stream()
                .map(draw -> new ResolvedConfig(draw.config(), experimentId, draw.trialId(), environmentId))
                .toList();
    }
}
