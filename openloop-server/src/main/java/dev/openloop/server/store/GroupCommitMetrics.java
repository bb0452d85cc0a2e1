package dev.openloop.server.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/**
 * A group-commit writer's meters, tagged with its name: how many items wait for a writer, how
 * many each transaction holds, and how long each takes to its commit. A queue that grows while
 * batches stay full says the database cannot keep up.
 */
public final class GroupCommitMetrics implements MeterBinder {
    private final String name;
    private final GroupCommit<?> commits;

    public GroupCommitMetrics(String name, GroupCommit<?> commits) {
        this.name = name;
        this.commits = commits;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("openloop.writer.queued", commits, GroupCommit::queued)
                .description("items waiting for a group-commit writer").tag("writer", name).register(registry);
        DistributionSummary batch = DistributionSummary.builder("openloop.writer.batch.size")
                .description("items per committed transaction").tag("writer", name)
                .publishPercentileHistogram().register(registry);
        Timer commit = Timer.builder("openloop.writer.commit.duration")
                .description("a group-commit transaction, from its start to its commit").tag("writer", name)
                .publishPercentileHistogram().register(registry);
        commits.onCommit((items, nanos) -> {
            batch.record(items);
            commit.record(nanos, TimeUnit.NANOSECONDS);
        });
    }
}
