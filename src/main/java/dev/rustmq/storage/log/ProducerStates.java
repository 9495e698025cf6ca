package dev.rustmq.storage.log;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.ProducerFields;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One partition's idempotent producers (docs/replication.md, "Idempotent producer"): for each
 * producer id its epoch and its last {@value #RETAINED_BATCHES} batches' sequence ranges with
 * their appends. A batch whose range is one of those is a retry: it gets the original append's
 * offsets and is not written again. A batch must continue its producer's sequence; an older epoch
 * is fenced. Rebuilt from the log on start-up and after a truncation. Guarded by the partition
 * log's append lock.
 */
final class ProducerStates {
    /** As Kafka: a producer has at most five requests in flight per partition with idempotence. */
    static final int RETAINED_BATCHES = 5;

    private record Appended(int firstSequence, int lastSequence, CompletableFuture<LogAppendResult> result) {
    }

    private static final class Producer {
        short epoch;
        final Deque<Appended> last = new ArrayDeque<>();
    }

    private final Map<Long, Producer> producers = new HashMap<>();

    /**
     * The original append when the batch is a retry of one of the producer's last batches, null
     * when it is new and may be appended. Throws INVALID_PRODUCER_EPOCH for an older epoch and
     * OUT_OF_ORDER_SEQUENCE_NUMBER for a batch that does not continue the sequence.
     */
    CompletableFuture<LogAppendResult> check(long producerId, short epoch, int firstSequence, int lastSequence,
                                             String partition) {
        if (producerId == ProducerFields.NO_PRODUCER_ID) {
            return null;
        }
        Producer p = producers.get(producerId);
        if (p == null) {
            return null; // first batch seen from it here (or its state was uploaded away): taken as it comes
        }
        if (epoch < p.epoch) {
            throw new RustMqException(ErrorCode.INVALID_PRODUCER_EPOCH, "producer " + producerId + " epoch " + epoch
                    + " is older than epoch " + p.epoch + " that already wrote to " + partition
                    + "; a newer instance of this producer took over");
        }
        if (epoch > p.epoch) {
            if (firstSequence != 0) {
                throw new RustMqException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                        + " starts epoch " + epoch + " on " + partition + " at sequence " + firstSequence
                        + ", not 0");
            }
            return null;
        }
        for (Appended a : p.last) {
            if (a.firstSequence == firstSequence && a.lastSequence == lastSequence) {
                return a.result;
            }
        }
        int expected = next(p.last.peekLast().lastSequence);
        if (firstSequence != expected) {
            throw new RustMqException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId + " sent "
                    + "sequence " + firstSequence + ".." + lastSequence + " to " + partition + " but the next one is "
                    + expected + (firstSequence < expected ? " (an older batch than the last "
                    + RETAINED_BATCHES + " kept for retries)" : " (batches are missing)"));
        }
        return null;
    }

    /** Records an appended (or recovered) batch of a producer. */
    void record(long producerId, short epoch, int firstSequence, int lastSequence,
                CompletableFuture<LogAppendResult> result) {
        if (producerId == ProducerFields.NO_PRODUCER_ID) {
            return;
        }
        Producer p = producers.computeIfAbsent(producerId, id -> new Producer());
        if (epoch != p.epoch) {
            p.last.clear();
            p.epoch = epoch;
        }
        p.last.addLast(new Appended(firstSequence, lastSequence, result));
        while (p.last.size() > RETAINED_BATCHES) {
            p.last.removeFirst();
        }
    }

    void clear() {
        producers.clear();
    }

    /** The sequence after {@code sequence}: Kafka's sequences wrap from Integer.MAX_VALUE to 0. */
    private static int next(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }
}
