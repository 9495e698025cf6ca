package dev.rustmq.metrics;

import dev.rustmq.errors.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link DataPlaneObserver} that keeps plain running totals, readable at any time by tests.
 * Adders, not locks, so many event-loop threads can report at once.
 */
public final class DataPlaneCounters implements DataPlaneObserver {
    private final LongAdder recordsProduced = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder produceLatencyCount = new LongAdder();
    private final LongAdder produceLatencyNanos = new LongAdder();
    private final LongAdder recordsFetched = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder fetches = new LongAdder();
    private final LongAdder fetchLatencyCount = new LongAdder();
    private final LongAdder fetchLatencyNanos = new LongAdder();
    private final LongAdder[] produceErrors = adders(ErrorCode.values().length);
    private final LongAdder[] fetchErrors = adders(ErrorCode.values().length);
    private final LongAdder[] opened = adders(Transport.values().length);
    private final LongAdder[] rejected = adders(Transport.values().length);
    private final AtomicLong[] active = new AtomicLong[Transport.values().length];
    private final LongAdder segmentsUploaded = new LongAdder();
    private final LongAdder segmentBytesUploaded = new LongAdder();
    private final LongAdder segmentUploadErrors = new LongAdder();
    private final LongAdder segmentUploadRetries = new LongAdder();

    public DataPlaneCounters() {
        for (int i = 0; i < active.length; i++) {
            active[i] = new AtomicLong();
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    @Override
    public void produced(int records, int bytes) {
        recordsProduced.add(records);
        bytesIn.add(bytes);
    }

    @Override
    public void produceLatency(long nanos) {
        produceLatencyCount.increment();
        produceLatencyNanos.add(nanos);
    }

    @Override
    public void produceFailed(ErrorCode code) {
        produceErrors[code.ordinal()].increment();
    }

    @Override
    public void fetched(int records, int bytes) {
        fetches.increment();
        recordsFetched.add(records);
        bytesOut.add(bytes);
    }

    @Override
    public void fetchLatency(long nanos) {
        fetchLatencyCount.increment();
        fetchLatencyNanos.add(nanos);
    }

    @Override
    public void fetchFailed(ErrorCode code) {
        fetchErrors[code.ordinal()].increment();
    }

    @Override
    public void connectionOpened(Transport transport) {
        opened[transport.ordinal()].increment();
        active[transport.ordinal()].incrementAndGet();
    }

    @Override
    public void connectionClosed(Transport transport) {
        active[transport.ordinal()].decrementAndGet();
    }

    @Override
    public void connectionRejected(Transport transport) {
        rejected[transport.ordinal()].increment();
    }

    @Override
    public void segmentUploaded(long bytes) {
        segmentsUploaded.increment();
        segmentBytesUploaded.add(bytes);
    }

    @Override
    public void segmentUploadFailed() {
        segmentUploadErrors.increment();
    }

    @Override
    public void segmentUploadRetried() {
        segmentUploadRetries.increment();
    }

    public long segmentsUploaded() {
        return segmentsUploaded.sum();
    }

    public long segmentBytesUploaded() {
        return segmentBytesUploaded.sum();
    }

    public long segmentUploadErrors() {
        return segmentUploadErrors.sum();
    }

    public long segmentUploadRetries() {
        return segmentUploadRetries.sum();
    }

    public long recordsProduced() {
        return recordsProduced.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long produceLatencyCount() {
        return produceLatencyCount.sum();
    }

    public long produceLatencyNanos() {
        return produceLatencyNanos.sum();
    }

    public long produceErrors(ErrorCode code) {
        return produceErrors[code.ordinal()].sum();
    }

    public long recordsFetched() {
        return recordsFetched.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Fetches answered without error, empty ones included. */
    public long fetches() {
        return fetches.sum();
    }

    public long fetchLatencyCount() {
        return fetchLatencyCount.sum();
    }

    public long fetchLatencyNanos() {
        return fetchLatencyNanos.sum();
    }

    public long fetchErrors(ErrorCode code) {
        return fetchErrors[code.ordinal()].sum();
    }

    public long connectionsOpened(Transport transport) {
        return opened[transport.ordinal()].sum();
    }

    public long connectionsRejected(Transport transport) {
        return rejected[transport.ordinal()].sum();
    }

    /** Connections accepted and not yet closed. */
    public long activeConnections(Transport transport) {
        return active[transport.ordinal()].get();
    }
}
