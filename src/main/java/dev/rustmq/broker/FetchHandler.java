package dev.rustmq.broker;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.record.RecordBatches;
import dev.rustmq.storage.log.AppendWaiters;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.LogReadResult;
import dev.rustmq.storage.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The leader's fetch path: whole batches from an offset below the high watermark, up to
 * {@code maxBytes} (at least one batch). When fewer than {@code minBytes} are available it waits
 * up to {@code maxWaitMs} for new data (long poll), then answers with whatever is there.
 *
 * <p>Reports to a {@link DataPlaneObserver}: records and bytes returned, the error code of a failed
 * fetch, and for a fetch that returned records its serving time, the sum of the work done for it
 * (resolving the partition, each read of the log) without the time it was parked in a long poll.
 */
public final class FetchHandler {
    private final PartitionResolver resolver;
    private final LogManager logs;
    private final ScheduledExecutorService scheduler;
    private final AppendWaiters waiters;
    private final Time time;
    private final DataPlaneObserver observer;
    private final Executor coldReads;

    public FetchHandler(PartitionResolver resolver, LogManager logs, ScheduledExecutorService scheduler) {
        this(resolver, logs, scheduler, Time.SYSTEM, DataPlaneObserver.NOOP);
    }

    public FetchHandler(PartitionResolver resolver, LogManager logs, ScheduledExecutorService scheduler, Time time,
                        DataPlaneObserver observer) {
        this(resolver, logs, scheduler, time, observer, scheduler);
    }

    /** @param coldReads runs reads that go to object storage (they block on it) */
    public FetchHandler(PartitionResolver resolver, LogManager logs, ScheduledExecutorService scheduler, Time time,
                        DataPlaneObserver observer, Executor coldReads) {
        this.coldReads = coldReads;
        this.time = time;
        this.observer = observer;
        this.resolver = resolver;
        this.logs = logs;
        this.scheduler = scheduler;
        this.waiters = new AppendWaiters(scheduler);
        logs.addAppendListener(waiters::dataArrived);
    }

    public CompletableFuture<FetchResult> fetch(String topic, int partition, long offset, int maxBytes, int minBytes,
                                                long maxWaitMs) {
        long startNanos = time.nanoseconds();
        TopicPartition tp = new TopicPartition(topic, partition);
        FetchResult first;
        try {
            resolver.resolve(topic, partition);
            if (logs.isRemoteRead(tp, offset)) {
                return coldRead(tp, offset, maxBytes, startNanos);
            }
            first = read(tp, offset, maxBytes);
        } catch (RuntimeException e) {
            observer.fetchFailed(FailureCodes.of(e));
            return CompletableFuture.failedFuture(e);
        }
        long servedNanos = time.nanoseconds() - startNanos;
        if (first.sizeInBytes() >= Math.max(1, minBytes) || maxWaitMs <= 0) {
            report(first, servedNanos);
            return CompletableFuture.completedFuture(first);
        }
        return longPoll(tp, offset, maxBytes, minBytes, maxWaitMs, servedNanos);
    }

    private CompletableFuture<FetchResult> coldRead(TopicPartition tp, long offset, int maxBytes, long startNanos) {
        return CompletableFuture.supplyAsync(() -> read(tp, offset, maxBytes), coldReads).whenComplete((r, error) -> {
            if (error == null) {
                report(r, time.nanoseconds() - startNanos);
            } else {
                observer.fetchFailed(FailureCodes.of(error));
            }
        });
    }

    private void report(FetchResult result, long servedNanos) {
        int records = 0;
        for (ByteBuffer batch : result.batches()) {
            records += RecordBatches.recordCount(batch, batch.position());
        }
        observer.fetched(records, result.sizeInBytes());
        if (records > 0) {
            observer.fetchLatency(servedNanos);
        }
    }

    private CompletableFuture<FetchResult> longPoll(TopicPartition tp, long offset, int maxBytes, int minBytes,
                                                    long maxWaitMs, long firstReadNanos) {
        CompletableFuture<FetchResult> result = new CompletableFuture<>();
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        AtomicBoolean done = new AtomicBoolean();
        Runnable[] cancel = new Runnable[1];
        Runnable attempt = new Runnable() {
            /** Serving time so far: every read, none of the waiting between them. */
            private long servedNanos = firstReadNanos;

            @Override
            public synchronized void run() {
                // Wake-up, timeout and the second look may race: one attempt at a time.
                if (done.get()) {
                    return;
                }
                try {
                    long readStart = time.nanoseconds();
                    FetchResult r = read(tp, offset, maxBytes);
                    servedNanos += time.nanoseconds() - readStart;
                    boolean expired = time.nanoseconds() - deadline >= 0;
                    if (r.sizeInBytes() >= Math.max(1, minBytes) || expired) {
                        if (done.compareAndSet(false, true)) {
                            cancel[0].run();
                            report(r, servedNanos);
                            result.complete(r);
                        }
                    } else {
                        cancel[0] = waiters.park(tp, this);
                    }
                } catch (RuntimeException e) {
                    if (done.compareAndSet(false, true)) {
                        observer.fetchFailed(FailureCodes.of(e));
                        result.completeExceptionally(e);
                    }
                }
            }
        };
        cancel[0] = waiters.park(tp, attempt);
        // Data may have arrived between the first read and parking: look once more.
        scheduler.execute(attempt);
        time.schedule(scheduler, attempt, maxWaitMs, TimeUnit.MILLISECONDS);
        return result;
    }

    private FetchResult read(TopicPartition tp, long offset, int maxBytes) {
        Optional<PartitionLog> log = logs.partition(tp);
        if (log.isEmpty()) {
            // Nothing was ever written to this partition here: an empty log [0, 0].
            if (offset == 0) {
                return new FetchResult(List.of(), 0, 0);
            }
            throw new dev.rustmq.errors.OffsetOutOfRangeException("offset " + offset + " is outside partition " + tp
                    + " [0, 0]");
        }
        LogReadResult r = logs.read(tp, offset, maxBytes);
        return new FetchResult(r.batches(), r.highWatermark(), r.logStartOffset());
    }
}
