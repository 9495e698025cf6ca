package dev.rustmq.client.producer;

import dev.rustmq.client.ProduceResponse;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.InitProducerIdResponse;
import dev.rustmq.protocol.message.MetadataResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What the producer needs of a {@link RustMqClient}: partition lookups, produce requests and the
 * frame limit. The seam the producer's unit tests put a fake broker behind.
 */
interface ProducerClient {
    /** The largest request frame the broker and the client both accept. */
    int maxFrameBytes();

    CompletableFuture<MetadataResponse> metadataAsync(String topic);

    /** A producer id and epoch for an idempotent producer. */
    CompletableFuture<InitProducerIdResponse> initProducerIdAsync();

    CompletableFuture<ProduceResponse> produceBatchesAsync(String topic, int partition, Acks acks, int timeoutMs,
            ByteBuffer recordBatches);

    void close();

    static ProducerClient of(RustMqClient client) {
        return new ProducerClient() {
            @Override
            public int maxFrameBytes() {
                return Math.min(client.brokerMaxFrameBytes(), client.options().maxFrameBytes());
            }

            @Override
            public CompletableFuture<MetadataResponse> metadataAsync(String topic) {
                return client.metadataAsync(topic);
            }

            @Override
            public CompletableFuture<InitProducerIdResponse> initProducerIdAsync() {
                return client.initProducerIdAsync();
            }

            @Override
            public CompletableFuture<ProduceResponse> produceBatchesAsync(String topic, int partition, Acks acks,
                    int timeoutMs, ByteBuffer recordBatches) {
                return client.produceBatchesAsync(topic, partition, acks, timeoutMs, recordBatches);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
