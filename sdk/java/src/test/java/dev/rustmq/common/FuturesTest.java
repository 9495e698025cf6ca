package dev.rustmq.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
    private final IllegalStateException failure = new IllegalStateException("the real failure");

    @Test
    void takesOffEveryCompletionAndExecutionLayer() {
        Throwable wrapped = new ExecutionException(new CompletionException(new CompletionException(failure)));

        assertThat(Futures.unwrap(wrapped)).isSameAs(failure);
    }

    @Test
    void unwrapsWhatAFailedStageHandsToItsHandler() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(failure);
        Throwable seen = failed.thenApply(s -> s + "!").handle((value, error) -> error).join();

        assertThat(seen).isInstanceOf(CompletionException.class);
        assertThat(Futures.unwrap(seen)).isSameAs(failure);
    }

    @Test
    void leavesOtherThrowablesAndCauselessWrappersAlone() {
        CompletionException empty = new CompletionException("no cause", null);
        RuntimeException withCause = new RuntimeException(failure);

        assertThat(Futures.unwrap(failure)).isSameAs(failure);
        assertThat(Futures.unwrap(empty)).isSameAs(empty);
        assertThat(Futures.unwrap(withCause)).as("only future wrappers are taken off").isSameAs(withCause);
    }
}
