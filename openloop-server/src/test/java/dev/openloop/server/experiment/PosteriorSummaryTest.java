package dev.openloop.server.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures the console shows of an experiment's arms. */
class PosteriorSummaryTest {
    private static ExperimentConfig arm(String id, boolean active, long successes, long failures) {
        return new ExperimentConfig("exp", id, active, successes, failures, 0, 0);
    }

    @Test
    void withoutFeedbackTheIntervalIsTheUniformsAndArmsTie() {
        Map<String, PosteriorSummary.Arm> arms = PosteriorSummary.of(List.of(arm("a", true, 0, 0), arm("b", true, 0, 0)));
        PosteriorSummary.Arm a = arms.get("a");
        assertThat(a.mean()).isEqualTo(0.5);
        assertThat(a.low()).isCloseTo(0.025, within(0.01));
        assertThat(a.high()).isCloseTo(0.975, within(0.01));
        assertThat(a.probabilityBest()).isCloseTo(0.5, within(0.02));
        assertThat(a.probabilityBest() + arms.get("b").probabilityBest()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aClearlyBetterArmIsAlmostSurelyBestAndItsIntervalHoldsItsRate() {
        Map<String, PosteriorSummary.Arm> arms = PosteriorSummary.of(List.of(arm("good", true, 90, 10), arm("poor", true, 10, 90)));
        PosteriorSummary.Arm good = arms.get("good");
        assertThat(good.mean()).isCloseTo(91.0 / 102, within(1e-12));
        assertThat(good.low()).isBetween(0.80, 0.88);
        assertThat(good.high()).isBetween(0.92, 0.97);
        assertThat(good.probabilityBest()).isGreaterThan(0.999);
        assertThat(arms.get("poor").probabilityBest()).isLessThan(0.001);
    }

    @Test
    void anInactiveArmIsNeverBestAndTheFiguresRepeat() {
        List<ExperimentConfig> configs = List.of(arm("stopped", false, 50, 0), arm("running", true, 0, 50));
        Map<String, PosteriorSummary.Arm> arms = PosteriorSummary.of(configs);
        assertThat(arms.get("stopped").probabilityBest()).isZero();
        assertThat(arms.get("running").probabilityBest()).isEqualTo(1.0);
        assertThat(PosteriorSummary.of(configs)).isEqualTo(arms);
    }
}
