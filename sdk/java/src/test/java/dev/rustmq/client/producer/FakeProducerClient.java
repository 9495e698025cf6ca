package dev.rustmq.client.producer;

import dev.rustmq.client.ProduceResponse;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.InitProducerIdResponse;
import dev.rustmq.protocol.message.MetadataResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker for producer unit tests: topics have the partitions the test gives them, and every
 * produce request waits in {@link #requests} until the test answers it. No sockets, no threads.
 */
final class FakeProducerClient implements ProducerClient {
    /** One produce request and the answer the test completes. */
    record Request(String topic, int partition, Acks acks, int timeoutMs, CompletableFuture<ProduceResponse> answer) {
        void succeed(long baseOffset) {
            answer.complete(new ProduceResponse(baseOffset, -1));
        }

        void fail(ErrorCode code) {
            answer.completeExceptionally(new RustMqClientException(code, "injected " + code));
        }
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    final AtomicInteger metadataLookups = new AtomicInteger();
    final AtomicInteger producerIds = new AtomicInteger();
    /** Each produce request's batches as sent, in order (their producer fields tell retries apart). */
    final List<ByteBuffer> sentBatches = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    /** Partitions of every topic; 0: the topic does not exist. */
    volatile int partitions = 1;
    /** When set, every metadata lookup fails with it. */
    volatile ErrorCode metadataError;

    @Override
    public int maxFrameBytes() {
        return 1 << 20;
    }

    @Override
    public CompletableFuture<MetadataResponse> metadataAsync(String topic) {
        metadataLookups.incrementAndGet();
        ErrorCode error = metadataError;
        if (error != null) {
            return CompletableFuture.failedFuture(new RustMqClientException(error, "injected " + error));
        }
        List<MetadataResponse.Partition> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new MetadataResponse.Partition(p, ErrorCode.NONE, 1, 0, List.of(1), List.of(1)));
        }
        MetadataResponse.Topic t = partitions == 0
                ? new MetadataResponse.Topic(topic, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no such topic", List.of())
                : new MetadataResponse.Topic(topic, ErrorCode.NONE, null, parts);
        return CompletableFuture.completedFuture(new MetadataResponse(ErrorCode.NONE, null, 1, List.of(), List.of(t)));
    }

    @Override
    public CompletableFuture<InitProducerIdResponse> initProducerIdAsync() {
        return CompletableFuture.completedFuture(InitProducerIdResponse.success(1_000 + producerIds.incrementAndGet(),
                (short) 0));
    }

    @Override
    public CompletableFuture<ProduceResponse> produceBatchesAsync(String topic, int partition, Acks acks, int timeoutMs,
            ByteBuffer recordBatches) {
        sentBatches.add(recordBatches.duplicate());
        CompletableFuture<ProduceResponse> answer = new CompletableFuture<>();
        requests.add(new Request(topic, partition, acks, timeoutMs, answer));
        return answer;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
