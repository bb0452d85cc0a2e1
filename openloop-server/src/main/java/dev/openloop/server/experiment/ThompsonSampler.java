package dev.openloop.server.experiment;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * Chooses a config of an experiment by Thompson sampling: draw a success rate for each active
 * config from its Beta posterior, take the config with the highest draw. Configs that did well
 * are chosen more often, while uncertain ones still get tried. Without feedback every posterior
 * is uniform, so every config is equally likely.
 *
 * <p>The random source is given, so a test (or {@code OPENLOOP_EXPERIMENT_SEED}) makes the draws
 * repeatable. Draws are serialised: the generators are not thread-safe, and a draw is cheap.
 */
public final class ThompsonSampler {
    private final UniformRandomProvider random;

    public ThompsonSampler(UniformRandomProvider random) {
        this.random = random;
    }

    /**
     * The config to use.
     *
     * @param active the experiment's active configs, not empty
     * @return one of them
     */
    public synchronized ExperimentConfig choose(List<ExperimentConfig> active) {
        ExperimentConfig best = null;
        double bestDraw = -1;
        for (ExperimentConfig config : active) {
            double draw = ChengBetaSampler.of(random, config.alpha(), config.beta()).sample();
            if (draw > bestDraw) {
                best = config;
                bestDraw = draw;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("an experiment without active configs has nothing to draw");
        }
        return best;
    }
}
