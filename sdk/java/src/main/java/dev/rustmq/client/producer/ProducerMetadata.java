package dev.rustmq.client.producer;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.MetadataResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The partition count of each topic the producer sends to, from the Metadata API: looked up on
 * first use (the sending thread waits, up to {@code max.block.ms}), again in the background when
 * older than {@code metadata.max.age.ms}, and whenever the sender asks (after {@code
 * UNKNOWN_TOPIC_OR_PARTITION} or {@code NOT_LEADER}). One lookup per topic at a time.
 */
final class ProducerMetadata {
    private record Entry(int partitionCount, long fetchedNanos) {
    }

    private final ProducerClient client;
    private final Time time;
    private final long maxAgeNanos;
    private final long retryBackoffMs;
    private final ConcurrentMap<String, Entry> topics = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Integer>> lookups = new ConcurrentHashMap<>();

    ProducerMetadata(ProducerClient client, Time time, long maxAgeMs, long retryBackoffMs) {
        this.client = client;
        this.time = time;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * The topic's partition count: the cached one (looked up again in the background once stale), or
     * a fresh lookup, retried after retriable errors until {@code deadlineNanos}.
     *
     * @throws RustMqClientException {@code UNKNOWN_TOPIC_OR_PARTITION} if the topic does not exist,
     *     {@code REQUEST_TIMED_OUT} if no answer came in time, or the lookup's non-retriable error
     */
    int partitionCount(String topic, long deadlineNanos) throws InterruptedException {
        Entry cached = topics.get(topic);
        if (cached != null) {
            if (time.nanoseconds() - cached.fetchedNanos >= maxAgeNanos) {
                refresh(topic);
            }
            return cached.partitionCount;
        }
        RustMqClientException last = null;
        while (true) {
            long remaining = deadlineNanos - time.nanoseconds();
            if (remaining <= 0) {
                throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "the partitions of topic '" + topic
                        + "' were not known within max.block.ms" + (last == null ? "" : "; last error: "
                        + last.getMessage()), last);
            }
            try {
                return time.get(refresh(topic), remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the loop reports it
            } catch (ExecutionException e) {
                RustMqClientException error = unwrap(e.getCause());
                if (!error.retriable() || error.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw error;
                }
                last = error;
                time.sleep(Math.max(1, Math.min(retryBackoffMs, (deadlineNanos - time.nanoseconds()) / 1_000_000)));
            }
        }
    }

    /**
     * Looks the topic up (or joins the lookup in progress). The future has the partition count, or
     * fails: {@code UNKNOWN_TOPIC_OR_PARTITION} (the topic is then forgotten) or the request's error.
     */
    CompletableFuture<Integer> refresh(String topic) {
        CompletableFuture<Integer> created = new CompletableFuture<>();
        CompletableFuture<Integer> existing = lookups.putIfAbsent(topic, created);
        if (existing != null) {
            return existing;
        }
        client.metadataAsync(topic).handle((response, error) -> {
            lookups.remove(topic, created);
            if (error != null) {
                created.completeExceptionally(unwrap(error));
                return null;
            }
            try {
                int count = partitionCount(response, topic);
                topics.put(topic, new Entry(count, time.nanoseconds()));
                created.complete(count);
            } catch (RustMqClientException e) {
                if (e.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    topics.remove(topic);
                }
                created.completeExceptionally(e);
            }
            return null;
        });
        return created;
    }

    private static int partitionCount(MetadataResponse response, String topic) {
        for (MetadataResponse.Topic t : response.topics()) {
            if (t.name().equals(topic)) {
                if (t.errorCode() == ErrorCode.NONE && !t.partitions().isEmpty()) {
                    return t.partitions().size();
                }
                if (t.errorCode() != ErrorCode.NONE && t.errorCode() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw new RustMqClientException(t.errorCode(), t.errorMessage());
                }
                break;
            }
        }
        throw new RustMqClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + topic + "' does not exist");
    }

    static RustMqClientException unwrap(Throwable error) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof RustMqClientException e) {
            return e;
        }
        return new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(cause), cause);
    }
}
