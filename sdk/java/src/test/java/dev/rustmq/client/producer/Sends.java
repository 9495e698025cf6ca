package dev.rustmq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.client.RustMqClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a producer's {@code send} future ended with, for the producer's tests. */
final class Sends {
    private Sends() {
    }

    /** The client error a send failed with; fails the test if it did not fail, or failed otherwise. */
    static RustMqClientException errorOf(CompletableFuture<RecordMetadata> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(RustMqClientException.class);
            return (RustMqClientException) e.getCause();
        }
        throw new AssertionError("not failed: " + future);
    }
}
