package dev.openloop.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs calls at the same moment, each on a thread of its own, to make them race. */
public final class Race {
    private Race() {
    }

    /** Starts {@code count} calls together, {@code call} given each one's index, and returns their results in order. */
    public static <T> List<T> of(int count, IntFunction<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> task = () -> {
                    go.await();
                    return call.apply(index);
                };
                futures.add(executor.submit(task));
            }
            go.countDown();
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
