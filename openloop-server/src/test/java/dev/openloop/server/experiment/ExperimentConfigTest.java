package dev.openloop.server.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The posterior of a config's success rate, Beta(1 + successes, 1 + failures), away from the
 * uniform prior where its two parameters are equal and every formula looks alike.
 */
class ExperimentConfigTest {
    private static ExperimentConfig counted(long successes, long failures) {
        return new ExperimentConfig("ex_1", "config_1", true, successes, failures, 0, 0);
    }

    @Test
    void threeSuccessesAndOneFailureAreBetaFourTwo() {
        ExperimentConfig config = counted(3, 1);
        assertThat(config.trials()).isEqualTo(4);
        assertThat(config.alpha()).isEqualTo(4.0);
        assertThat(config.beta()).isEqualTo(2.0);
        assertThat(config.mean()).isCloseTo(4.0 / 6.0, within(1e-15));
        // Var = αβ / ((α+β)²(α+β+1)) = 8 / (36 · 7)
        assertThat(config.spread()).isCloseTo(Math.sqrt(8.0 / 252.0), within(1e-15));
    }

    @Test
    void failuresPullTheMeanDownAndTheSpreadNarrowsAsTrialsAddUp() {
        ExperimentConfig config = counted(0, 3);
        assertThat(config.mean()).isCloseTo(0.2, within(1e-15));
        // Beta(1, 4): Var = 4 / (25 · 6)
        assertThat(config.spread()).isCloseTo(Math.sqrt(4.0 / 150.0), within(1e-15));

        ExperimentConfig many = counted(300, 100);
        assertThat(many.mean()).isCloseTo(301.0 / 402.0, within(1e-15));
        assertThat(many.spread()).isCloseTo(Math.sqrt(301.0 * 101.0 / (402.0 * 402.0 * 403.0)), within(1e-15));
    }
}
