package dev.rustmq.app;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The broker's {@link DataPlaneObserver} in Liberty: forwards to MicroProfile Metrics counters and
 * timers registered once, up front, so the hot path only increments (no registry look-ups, no CDI
 * proxy). Error counters are registered on the first error of each code, which keeps {@code /metrics}
 * free of a zero series per code. Names and meanings: docs/metrics.md.
 */
final class MpDataPlaneObserver implements DataPlaneObserver {
    static final String PRODUCE_LATENCY = "produce_latency";
    static final String CONSUME_LATENCY = "consume_latency";

    private final MetricRegistry registry;
    private final Counter messagesProduced;
    private final Counter bytesIn;
    private final Timer produceLatency;
    private final Counter messagesConsumed;
    private final Counter bytesOut;
    private final Timer consumeLatency;
    private final Map<Transport, Counter> opened = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> rejected = new EnumMap<>(Transport.class);
    private final Map<Transport, AtomicLong> active = new EnumMap<>(Transport.class);
    private final Counter segmentsUploaded;
    private final Counter segmentBytesUploaded;
    private final Counter segmentUploadErrors;
    private final Counter segmentUploadRetries;
    private final Counter segmentsExpired;
    private final Counter segmentBytesExpired;
    private final Counter orphansDeleted;
    private final Counter objectDeleteErrors;

    MpDataPlaneObserver(MetricRegistry registry) {
        this.registry = registry;
        messagesProduced = counter("messages_produced", "Records appended to partition logs by produce requests");
        bytesIn = counter("bytes_in", "Bytes of record batches appended to partition logs by produce requests "
                + "(Kafka's BytesIn)");
        messagesConsumed = counter("messages_consumed", "Records returned to fetch requests");
        bytesOut = counter("bytes_out", "Bytes of record batches returned to fetch requests (Kafka's BytesOut)");
        produceLatency = registry.timer(Metadata.builder().withName(PRODUCE_LATENCY).withUnit(MetricUnits.SECONDS)
                .withDescription("Seconds from the broker taking a produced batch to its answer, including the "
                        + "wait for the acks level; batches refused before reaching the log are not timed")
                .build());
        consumeLatency = registry.timer(Metadata.builder().withName(CONSUME_LATENCY).withUnit(MetricUnits.SECONDS)
                .withDescription("Seconds the broker spent serving a fetch that returned records (resolving the "
                        + "partition and reading the log), without the time parked in a long poll")
                .build());
        segmentsUploaded = counter("object_storage_uploads", "Segment objects stored in object storage");
        segmentBytesUploaded = counter("object_storage_upload_bytes", "Bytes of segment objects stored in object "
                + "storage");
        segmentUploadErrors = counter("object_storage_upload_errors", "Segment uploads that failed after the store's "
                + "own retries (each is tried again after back-off)");
        segmentUploadRetries = counter("object_storage_upload_retries", "Segment puts tried again, by the object "
                + "store's quick retries or the uploader's back-off");
        segmentsExpired = counter("retention_deleted_segments", "Segment objects deleted by their topic's retention "
                + "policy");
        segmentBytesExpired = counter("retention_deleted_bytes", "Bytes of segment objects deleted by retention");
        orphansDeleted = counter("object_storage_orphans_deleted", "Objects no manifest names (a deleted topic's, "
                + "fenced or re-cut uploads) deleted by the clean-up sweep");
        objectDeleteErrors = counter("object_storage_delete_errors", "Object deletes that failed (a later retention "
                + "pass tries again)");
        for (Transport t : Transport.values()) {
            Tag tag = new Tag("transport", t.label());
            opened.put(t, registry.counter(Metadata.builder().withName("connections_opened")
                    .withDescription("Client connections accepted").withUnit(MetricUnits.NONE).build(), tag));
            rejected.put(t, registry.counter(Metadata.builder().withName("connections_rejected")
                    .withDescription("Client connections refused at [network] max_connections")
                    .withUnit(MetricUnits.NONE).build(), tag));
            active.put(t, new AtomicLong());
        }
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description)
                .withUnit(MetricUnits.NONE).build());
    }

    /** Client connections open right now on one transport. */
    long activeConnections(Transport transport) {
        return active.get(transport).get();
    }

    @Override
    public void produced(int records, int bytes) {
        messagesProduced.inc(records);
        bytesIn.inc(bytes);
    }

    @Override
    public void produceLatency(long nanos) {
        produceLatency.update(Duration.ofNanos(nanos));
    }

    @Override
    public void produceFailed(ErrorCode code) {
        errorCounter("produce_errors", "Produce requests answered with an error, by error code", code).inc();
    }

    @Override
    public void fetched(int records, int bytes) {
        if (records > 0) {
            // Empty long polls are most fetches of an idle consumer: nothing to add.
            messagesConsumed.inc(records);
            bytesOut.inc(bytes);
        }
    }

    @Override
    public void fetchLatency(long nanos) {
        consumeLatency.update(Duration.ofNanos(nanos));
    }

    @Override
    public void fetchFailed(ErrorCode code) {
        errorCounter("fetch_errors", "Fetch requests answered with an error, by error code", code).inc();
    }

    private Counter errorCounter(String name, String description, ErrorCode code) {
        // Errors are rare: the registry's own look-up (it returns the existing counter) is cheap enough.
        return registry.counter(Metadata.builder().withName(name).withDescription(description)
                .withUnit(MetricUnits.NONE).build(), new Tag("error", code.name()));
    }

    @Override
    public void connectionOpened(Transport transport) {
        opened.get(transport).inc();
        active.get(transport).incrementAndGet();
    }

    @Override
    public void connectionClosed(Transport transport) {
        active.get(transport).decrementAndGet();
    }

    @Override
    public void connectionRejected(Transport transport) {
        rejected.get(transport).inc();
    }

    @Override
    public void segmentUploaded(long bytes) {
        segmentsUploaded.inc();
        segmentBytesUploaded.inc(bytes);
    }

    @Override
    public void segmentUploadFailed() {
        segmentUploadErrors.inc();
    }

    @Override
    public void segmentUploadRetried() {
        segmentUploadRetries.inc();
    }

    @Override
    public void segmentExpired(long bytes) {
        segmentsExpired.inc();
        segmentBytesExpired.inc(bytes);
    }

    @Override
    public void orphanDeleted(long bytes) {
        orphansDeleted.inc();
    }

    @Override
    public void objectDeleteFailed() {
        objectDeleteErrors.inc();
    }
}
