package io.flashorders.core.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** A call made on a thread of its own, so that a test can see where it waits ({@link Parked}) and what it answered. */
public final class Caller<T> {

    private final CompletableFuture<T> answer = new CompletableFuture<>();
    private final Thread thread;

    private Caller(String name, Callable<T> call) {
        thread = new Thread(() -> {
            try {
                answer.complete(call.call());
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }, name);
    }

    public static <T> Caller<T> start(String name, Callable<T> call) {
        Caller<T> caller = new Caller<>(name, call);
        caller.thread.start();
        return caller;
    }

    public Thread thread() {
        return thread;
    }

    /** Completes with the call's result, or exceptionally with what it threw. */
    public CompletableFuture<T> answer() {
        return answer;
    }
}
