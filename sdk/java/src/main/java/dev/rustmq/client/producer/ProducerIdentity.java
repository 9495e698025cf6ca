package dev.rustmq.client.producer;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.InitProducerIdResponse;
import dev.rustmq.protocol.record.ProducerFields;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An idempotent producer's id and the next sequence number per partition (docs/client.md,
 * "Idempotence"). A batch gets its fields when it is first sent and keeps them for every retry, so
 * the broker recognises a retry of a batch it already wrote. When a batch that was sent fails for
 * good, the broker may or may not hold its sequence numbers: the producer then takes a new id and
 * starts its sequences again. Touched only on the sender thread.
 */
final class ProducerIdentity {
    private final ProducerClient client;
    private final Time time;
    private final long timeoutMs;
    private long producerId = ProducerFields.NO_PRODUCER_ID;
    private short epoch = ProducerFields.NO_PRODUCER_EPOCH;
    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();

    ProducerIdentity(ProducerClient client, Time time, long timeoutMs) {
        this.client = client;
        this.time = time;
        this.timeoutMs = timeoutMs;
    }

    /** The fields of a batch of {@code records} records sent now to {@code tp}; asks a broker for an id first if needed. */
    ProducerFields assign(TopicPartition tp, int records) {
        if (producerId == ProducerFields.NO_PRODUCER_ID) {
            InitProducerIdResponse id = fetchId();
            producerId = id.producerId();
            epoch = id.producerEpoch();
            nextSequence.clear();
        }
        int first = nextSequence.getOrDefault(tp, 0);
        nextSequence.put(tp, (int) ((first + (long) records) % (Integer.MAX_VALUE + 1L)));
        return new ProducerFields(producerId, epoch, first);
    }

    /** A batch starting at {@code sequence} was split before the broker stored any of it: its parts take its numbers. */
    void rewind(TopicPartition tp, ProducerFields fields) {
        if (fields.producerId() == producerId) {
            nextSequence.put(tp, fields.baseSequence());
        }
    }

    /** A sent batch failed for good: the broker's view of the sequences is unknown, so start afresh. */
    void reset() {
        producerId = ProducerFields.NO_PRODUCER_ID;
        epoch = ProducerFields.NO_PRODUCER_EPOCH;
        nextSequence.clear();
    }

    private InitProducerIdResponse fetchId() {
        try {
            return time.get(client.initProducerIdAsync(), timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "interrupted while asking for a producer id",
                    e);
        } catch (TimeoutException e) {
            throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "no producer id within " + timeoutMs + " ms",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RustMqClientException c) {
                throw c;
            }
            throw new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, "cannot get a producer id: " + cause, cause);
        }
    }
}
