package dev.rustmq.broker;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Batches and failure codes shared by the produce/fetch handler tests. */
final class HandlerFixtures {
    private HandlerFixtures() {
    }

    /** A producer's LZ4 batch of one record per value. */
    static ByteBuffer batch(String... values) {
        List<Record> records = Arrays.stream(values)
                .map(v -> Record.of(null, v.getBytes(StandardCharsets.UTF_8), 1_000L)).toList();
        return RecordBatchBuilder.build(0, -1, CompressionType.LZ4, records);
    }

    /** The code {@code future} failed with; an AssertionError if it succeeded. */
    static ErrorCode errorOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RustMqException r) {
                return r.code();
            }
            throw e;
        }
        throw new AssertionError("expected a failure");
    }
}
