package dev.openloop.server.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * What the experiment's Beta posteriors say about its arms, for people to read: each arm's mean, a
 * 95 % credible interval, and the probability that it is the best. The interval and the
 * probability come from joint draws of every posterior (as Thompson sampling makes them), from a
 * fixed seed, so the same counts always read the same figures.
 */
public final class PosteriorSummary {
    /** Enough draws that the figures shown (to a tenth of a per cent) barely move between counts. */
    static final int DRAWS = 20_000;
    private static final long SEED = 20_260_101L;

    /**
     * One arm's figures.
     *
     * @param configId the arm
     * @param mean the posterior mean of its positive rate
     * @param low the 2.5th percentile of its posterior
     * @param high the 97.5th percentile
     * @param probabilityBest the share of joint draws in which it was the highest, among active arms
     */
    public record Arm(String configId, double mean, double low, double high, double probabilityBest) {
    }

    private PosteriorSummary() {
    }

    /** The figures of each of {@code configs}, in their order; inactive arms are never best. */
    public static Map<String, Arm> of(List<ExperimentConfig> configs) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(SEED);
        int n = configs.size();
        double[][] draws = new double[n][DRAWS];
        for (int i = 0; i < n; i++) {
            ExperimentConfig config = configs.get(i);
            ContinuousSampler sampler = ChengBetaSampler.of(random, config.alpha(), config.beta());
            for (int d = 0; d < DRAWS; d++) {
                draws[i][d] = sampler.sample();
            }
        }
        long[] wins = new long[n];
        for (int d = 0; d < DRAWS; d++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (configs.get(i).active() && (best < 0 || draws[i][d] > draws[best][d])) {
                    best = i;
                }
            }
            if (best >= 0) {
                wins[best]++;
            }
        }
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double[] sorted = draws[i].clone();
            Arrays.sort(sorted);
            ExperimentConfig config = configs.get(i);
            arms.put(config.configId(), new Arm(config.configId(), config.mean(), sorted[(int) (DRAWS * 0.025)],
                    sorted[(int) (DRAWS * 0.975) - 1], (double) wins[i] / DRAWS));
        }
        return arms;
    }
}
