package dev.openloop.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The future of an asynchronous call: it fails with the SDK's exception itself (an
 * {@link ApiException}, say), not wrapped in a {@link CompletionException}, wherever the caller
 * meets the failure: {@link #join()}, {@link #getNow}, and the handlers of {@code exceptionally},
 * {@code handle} and {@code whenComplete}, on this future and on the stages made from it.
 * {@link #get()} keeps its contract: an {@code ExecutionException} whose cause is that exception.
 *
 * <p>Only a {@link HumanloopException} is unwrapped; any other failure travels as the JDK makes it.
 */
class CallFuture<T> extends CompletableFuture<T> {

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CallFuture<>();
    }

    @Override
    public T join() {
        try {
            return super.join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    @Override
    public T getNow(T valueIfAbsent) {
        try {
            return super.getNow(valueIfAbsent);
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return super.exceptionally(e -> fn.apply(unwrap(e)));
    }

    @Override
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        return super.exceptionallyAsync(e -> fn.apply(unwrap(e)));
    }

    @Override
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        return super.exceptionallyAsync(e -> fn.apply(unwrap(e)), executor);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return super.exceptionallyCompose(e -> fn.apply(unwrap(e)));
    }

    @Override
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return super.exceptionallyComposeAsync(e -> fn.apply(unwrap(e)));
    }

    @Override
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn,
            Executor executor) {
        return super.exceptionallyComposeAsync(e -> fn.apply(unwrap(e)), executor);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return super.handle((value, e) -> fn.apply(value, unwrap(e)));
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return super.handleAsync((value, e) -> fn.apply(value, unwrap(e)));
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        return super.handleAsync((value, e) -> fn.apply(value, unwrap(e)), executor);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return super.whenComplete((value, e) -> action.accept(value, unwrap(e)));
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return super.whenCompleteAsync((value, e) -> action.accept(value, unwrap(e)));
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return super.whenCompleteAsync((value, e) -> action.accept(value, unwrap(e)), executor);
    }

    /** The SDK's exception a {@link CompletionException} carries; anything else as it is ({@code null} too). */
    static Throwable unwrap(Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() instanceof HumanloopException sdk) {
            return sdk;
        }
        return failure;
    }

    private static RuntimeException unwrapped(CompletionException e) {
        return unwrap(e) instanceof HumanloopException sdk ? sdk : e;
    }
}
