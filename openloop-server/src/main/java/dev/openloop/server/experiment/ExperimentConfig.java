package dev.openloop.server.experiment;

/**
 * A config of an experiment and the outcomes of its trials so far.
 *
 * @param experimentId the experiment
 * @param configId the config
 * @param active whether it is still drawn
 * @param successes trials whose latest feedback matches a positive label
 * @param failures trials with feedback of the labels' types that matches none
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record ExperimentConfig(String experimentId, String configId, boolean active, long successes, long failures,
        long createdAt, long updatedAt) {

    /** Trials with feedback. */
    public long trials() {
        return successes + failures;
    }

    /** The Beta posterior's first parameter, from a uniform prior. */
    double alpha() {
        return 1.0 + successes;
    }

    /** The Beta posterior's second parameter, from a uniform prior. */
    double beta() {
        return 1.0 + failures;
    }

    /** The posterior mean of the success rate. */
    public double mean() {
        return alpha() / (alpha() + beta());
    }

    /** The posterior standard deviation of the success rate. */
    public double spread() {
        double sum = alpha() + beta();
        return Math.sqrt(alpha() * beta() / (sum * sum * (sum + 1)));
    }
}
