package dev.rustmq.client;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.message.FetchResponse;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatches;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The record batches a partition holds, as the broker stores them: fetched over a raw connection,
 * since the client hands out records, not batches.
 */
final class StoredBatches {
    private StoredBatches() {
    }

    static List<RecordBatch> of(InetSocketAddress broker, String topic, int partition) {
        List<RecordBatch> batches = new ArrayList<>();
        try (Connection connection = Connection.open(broker, Duration.ofSeconds(10), 16 << 20)) {
            long offset = 0;
            while (true) {
                var response = (FetchResponse) connection.send(new dev.rustmq.protocol.message.FetchRequest(topic,
                        partition, offset, 1 << 20, 0, 0), ApiKey.FETCH.minVersion(), Duration.ofSeconds(10)).join();
                if (response.errorCode() != dev.rustmq.errors.ErrorCode.NONE) {
                    throw new RustMqClientException(response.errorCode(), response.errorMessage());
                }
                if (!response.records().hasRemaining()) {
                    return batches;
                }
                for (RecordBatch batch : RecordBatches.split(response.records())) {
                    batches.add(batch);
                    offset = batch.nextOffset();
                }
                if (offset >= response.highWatermark()) {
                    return batches;
                }
            }
        }
    }
}
