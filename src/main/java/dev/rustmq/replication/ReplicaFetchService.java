package dev.rustmq.replication;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import dev.rustmq.storage.log.AppendWaiters;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The leader's side of followers' fetches with long-polling: a fetch that finds nothing new for
 * any of its partitions waits up to its {@code maxWaitMs} for an append or a move of a high
 * watermark, then answers again. The follower's position counts at once (it moves the high
 * watermark before any waiting).
 */
public final class ReplicaFetchService {
    private final ReplicaManager replicas;
    private final LogManager logs;
    private final ScheduledExecutorService scheduler;
    private final Time time;
    private final AppendWaiters waiters;

    public ReplicaFetchService(ReplicaManager replicas, LogManager logs, ScheduledExecutorService scheduler, Time time) {
        this.replicas = replicas;
        this.logs = logs;
        this.scheduler = scheduler;
        this.time = time;
        this.waiters = new AppendWaiters(scheduler);
        logs.addAppendListener(waiters::dataArrived);
    }

    public CompletableFuture<ReplicaFetchResponse> fetch(ReplicaFetchRequest request) {
        ReplicaFetchResponse first = replicas.fetch(request);
        if (request.maxWaitMs() == 0 || worthSending(first)) {
            return CompletableFuture.completedFuture(first);
        }
        CompletableFuture<ReplicaFetchResponse> answer = new CompletableFuture<>();
        AtomicBoolean answered = new AtomicBoolean();
        List<Runnable> cancels = new CopyOnWriteArrayList<>();
        Runnable respond = () -> {
            if (answered.compareAndSet(false, true)) {
                cancels.forEach(Runnable::run);
                try {
                    answer.complete(replicas.fetch(request));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        };
        for (ReplicaFetchRequest.Partition p : request.partitions()) {
            cancels.add(waiters.park(p.topicPartition(), respond));
        }
        ScheduledFuture<?> timer = time.schedule(scheduler, respond, request.maxWaitMs(), TimeUnit.MILLISECONDS);
        cancels.add(() -> timer.cancel(false));
        // Data that arrived between the first answer and parking woke nobody: look once more.
        if (hasNewData(request)) {
            respond.run();
        }
        return answer;
    }

    /** Whether the answer carries data, a divergence or an error: anything but "nothing new". */
    private static boolean worthSending(ReplicaFetchResponse response) {
        for (ReplicaFetchResponse.Partition p : response.partitions()) {
            if (p.errorCode() != ErrorCode.NONE || p.records().hasRemaining() || p.divergingEndOffset() >= 0) {
                return true;
            }
        }
        return false;
    }

    private boolean hasNewData(ReplicaFetchRequest request) {
        for (ReplicaFetchRequest.Partition p : request.partitions()) {
            TopicPartition tp = p.topicPartition();
            PartitionLog log = logs.partition(tp).orElse(null);
            if (log != null && log.durableEnd() > p.fetchOffset()) {
                return true;
            }
        }
        return false;
    }
}
