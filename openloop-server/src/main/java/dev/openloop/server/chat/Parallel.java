package dev.openloop.server.chat;

import dev.openloop.server.observe.RequestFacts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs the provider calls of one request side by side, each on a virtual thread of its own with the request's log facts. */
final class Parallel {
    private Parallel() {
    }

    /** Runs {@code work} on each item and waits for all. */
    static <T> void forEach(List<T> items, Consumer<T> work) {
        map(items, item -> {
            work.accept(item);
            return null;
        });
    }

    /** {@code work} applied to each item, in the items' order; one item runs on the calling thread. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        if (items.size() == 1) {
            return Collections.singletonList(work.apply(items.getFirst()));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(executor.submit(RequestFacts.carried(() -> work.apply(item))));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for provider calls", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
