package dev.openloop.server.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The sampler learns from outcomes, and without any it is fair: statistical checks with fixed seeds.
 *
 * <p>Equivalent mutant: a draw that equals the best so far taking its place ({@code >=} for
 * {@code >}): draws from Beta(α, β) with α, β ≥ 1 are continuous, so two are never equal.
 */
class ThompsonSamplerTest {

    private static ExperimentConfig config(String id, long successes, long failures) {
        return new ExperimentConfig("exp_test", id, true, successes, failures, 0, 0);
    }

    @Test
    void theBetterConfigWinsMostOfTheLastDraws() {
        ThompsonSampler sampler = new ThompsonSampler(RandomSource.XO_RO_SHI_RO_128_PP.create(20241125L));
        UniformRandomProvider feedback = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        double[] positiveRate = {0.7, 0.3};
        long[] successes = new long[2];
        long[] failures = new long[2];
        int betterInLast200 = 0;
        for (int trial = 0; trial < 1000; trial++) {
            List<ExperimentConfig> active = List.of(
                    config("config_better", successes[0], failures[0]),
                    config("config_worse", successes[1], failures[1]));
            int chosen = sampler.choose(active).configId().equals("config_better") ? 0 : 1;
            if (feedback.nextDouble() < positiveRate[chosen]) {
                successes[chosen]++;
            } else {
                failures[chosen]++;
            }
            if (trial >= 800 && chosen == 0) {
                betterInLast200++;
            }
        }
        assertThat(betterInLast200).as("draws of the better config among the last 200").isGreaterThanOrEqualTo(170);
        ExperimentConfig better = config("config_better", successes[0], failures[0]);
        assertThat(better.mean()).isBetween(0.6, 0.8);
        assertThat(better.spread()).isLessThan(0.05);
    }

    @Test
    void withoutFeedbackEveryConfigIsEquallyLikely() {
        ThompsonSampler sampler = new ThompsonSampler(RandomSource.XO_RO_SHI_RO_128_PP.create(42L));
        List<ExperimentConfig> active = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            active.add(config("config_" + i, 0, 0));
        }
        int draws = 6000;
        int[] counts = new int[3];
        for (int i = 0; i < draws; i++) {
            counts[Integer.parseInt(sampler.choose(active).configId().substring(7))]++;
        }
        double expected = draws / 3.0;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // The 99.9% quantile of the chi-square distribution with 2 degrees of freedom.
        assertThat(chiSquare).as("chi-square of %s", java.util.Arrays.toString(counts)).isLessThan(13.816);
    }

    @Test
    void statisticsFollowTheBetaPosterior() {
        ExperimentConfig fresh = config("c", 0, 0);
        assertThat(fresh.mean()).isEqualTo(0.5);
        assertThat(fresh.spread()).isCloseTo(Math.sqrt(1.0 / 12), org.assertj.core.data.Offset.offset(1e-12));
        ExperimentConfig tried = config("c", 8, 2);
        assertThat(tried.mean()).isCloseTo(9.0 / 12, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(tried.trials()).isEqualTo(10);
    }
}
