package dev.openloop.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A latency histogram many threads record into at once, in microseconds from 1 µs to 10 minutes. */
final class Latencies {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000)));
    }

    /** Everything recorded so far; call once, when no one records any more. */
    Histogram histogram() {
        return recorder.getIntervalHistogram();
    }
}
