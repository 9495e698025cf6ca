package dev.rustmq.replication;

import dev.rustmq.broker.ReplicaAcks;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatches;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A broker's replicas (docs/replication.md): which partitions it leads and which it follows,
 * brought in line with the controller's placement by {@link #apply}. As a leader it answers its
 * followers' fetches, keeps their progress, moves the high watermark, completes acks=all
 * requests and proposes in-sync changes to the controller ({@link #checkIsr}). As a follower it
 * says where each copy stands ({@link #fetchPositions}) and applies the leader's answers
 * ({@link #applyFetched}): appends, cuts back a diverged tail, follows the high watermark and
 * trims behind the leader's manifest.
 */
public final class ReplicaManager implements ReplicaAcks {
    private static final Logger LOG = Logger.getLogger(ReplicaManager.class.getName());

    private final String brokerId;
    private final LogManager logs;
    private final StorageMetadata metadata;
    private final long maxLagMs;
    private final Time time;
    private final ReplicationStats stats = new ReplicationStats();
    private final Map<TopicPartition, Led> leading = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Followed> following = new ConcurrentHashMap<>();
    /** Partitions moved off this broker, with the epoch that moved them: older placements must not bring them back. */
    private final Map<TopicPartition, Integer> movedAway = new ConcurrentHashMap<>();

    private record Led(LeaderPartition state, AckWaiters waiters) {
    }

    /** A partition this broker copies from {@code leaderId}, as of {@code leaderEpoch}. */
    public record Followed(String leaderId, int leaderEpoch) {
    }

    /** @param maxLagMs {@code [replication] max_replication_lag}: how long a follower may stay behind and in sync */
    public ReplicaManager(String brokerId, LogManager logs, StorageMetadata metadata, long maxLagMs, Time time) {
        this.brokerId = brokerId;
        this.logs = logs;
        this.metadata = metadata;
        this.maxLagMs = maxLagMs;
        this.time = time;
        logs.addAppendListener(this::onAppended);
    }

    public String brokerId() {
        return brokerId;
    }

    public ReplicationStats stats() {
        return stats;
    }

    // ---- roles

    /**
     * Brings this broker's roles in line with {@code partitions}, the controller's placement of
     * every partition: leads what names it leader, follows what lists it as a replica under another
     * leader, and lets go of the rest (their acks=all waiters fail with NOT_LEADER). A partition
     * moved off this broker (it is no longer among the replicas) loses its local copy: the new
     * replicas hold the tail, object storage the rest, and the WAL space it held is freed.
     */
    public synchronized void apply(Collection<PartitionMetadata> partitions) {
        Set<TopicPartition> placed = new HashSet<>();
        for (PartitionMetadata p : partitions) {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            if (p.replicas().contains(brokerId)) {
                movedAway.remove(tp);
            } else {
                movedAway.merge(tp, p.leaderEpoch(), Math::max);
            }
            if (p.hasLeader() && p.leader().equals(brokerId)) {
                placed.add(tp);
                lead(tp, p);
            } else if (p.replicas().contains(brokerId) && p.hasLeader()) {
                placed.add(tp);
                follow(tp, p);
            } else if (!p.replicas().contains(brokerId) && logs.partition(tp).isPresent()) {
                stopLeading(tp, "it moved to " + p.replicas());
                following.remove(tp);
                logs.deletePartition(tp);
                LOG.info(() -> "broker " + brokerId + " dropped its copy of " + tp + ": the partition moved to "
                        + p.replicas());
            }
        }
        for (TopicPartition tp : new ArrayList<>(leading.keySet())) {
            if (!placed.contains(tp)) {
                stopLeading(tp, "no longer leads it");
                logs.partition(tp).ifPresent(log -> log.setFollower(true));
            }
        }
        following.keySet().removeIf(tp -> !placed.contains(tp));
    }

    private void lead(TopicPartition tp, PartitionMetadata p) {
        Led current = leading.get(tp);
        if (current != null && current.state.leaderEpoch() == p.leaderEpoch()) {
            current.state.applyStored(p, time.milliseconds());
            logs.partition(tp).ifPresent(log -> {
                if (log.isReplicated() != p.replicas().size() > 1) {
                    log.setReplicated(p.replicas().size() > 1);
                }
            });
            advance(tp);
            return;
        }
        if (current != null) {
            stopLeading(tp, "leads it at a newer epoch " + p.leaderEpoch());
        }
        following.remove(tp);
        PartitionLog log = logs.partitionLog(tp);
        log.setReplicated(p.replicas().size() > 1);
        adoptManifest(tp, log, p.leaderEpoch());
        log.setLeaderEpoch(p.leaderEpoch());
        log.setFollower(false);
        leading.put(tp, new Led(new LeaderPartition(p, log.durableEnd(), time.milliseconds()), new AckWaiters()));
        LOG.info(() -> "broker " + brokerId + " leads " + tp + " at epoch " + p.leaderEpoch() + " (in sync " + p.isr()
                + ", log " + log.logStartOffset() + ".." + log.durableEnd() + ", high watermark " + log.highWatermark()
                + ")");
        advance(tp);
    }

    private void follow(TopicPartition tp, PartitionMetadata p) {
        stopLeading(tp, "follows it now");
        PartitionLog log = logs.partitionLog(tp);
        log.setFollower(true);
        log.setReplicated(true);
        Followed next = new Followed(p.leader(), p.leaderEpoch());
        if (!next.equals(following.put(tp, next))) {
            LOG.fine(() -> "broker " + brokerId + " follows " + tp + " from " + p.leader() + " at epoch "
                    + p.leaderEpoch());
        }
    }

    private void stopLeading(TopicPartition tp, String why) {
        Led led = leading.remove(tp);
        if (led != null) {
            led.waiters.failAll(new RustMqException(ErrorCode.NOT_LEADER, "broker " + brokerId + " stopped leading "
                    + tp + " (" + why + ") before its replicas confirmed the batch; its records may exist"));
        }
    }

    /**
     * A new leader takes what the manifest already holds as committed (a follower's view of it can
     * lag), and raises the manifest's epoch so an older leader's uploads are refused from now on.
     */
    private void adoptManifest(TopicPartition tp, PartitionLog log, int epoch) {
        Optional<PartitionManifest> manifest;
        try {
            manifest = metadata.manifest(tp.topic(), tp.partition());
            if (manifest.isPresent() && manifest.get().leaderEpoch() < epoch) {
                PartitionManifest raised = manifest.get().withLeaderEpoch(epoch);
                if (metadata.replaceManifest(manifest.get(), raised)) {
                    manifest = Optional.of(raised);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the manifest of " + tp + " on taking the lead: " + e.getMessage(), e);
            return;
        }
        manifest.ifPresent(m -> {
            long end = m.endOffset();
            if (end > log.uploadedEnd() && end <= log.durableEnd()) {
                log.advanceHighWatermark(end);
                log.markUploaded(end);
            }
        });
    }

    /** Partitions this broker leads now, with their leader state. */
    public Collection<LeaderPartition> leaderPartitions() {
        return leading.values().stream().map(Led::state).toList();
    }

    public Optional<Followed> followed(TopicPartition tp) {
        return Optional.ofNullable(following.get(tp));
    }

    /** The brokers this one copies partitions from now. */
    public Set<String> leadersFollowed() {
        Set<String> leaders = new HashSet<>();
        following.values().forEach(f -> leaders.add(f.leaderId()));
        return leaders;
    }

    // ---- leader side

    /** The answer to a follower's fetch; never waits (the caller long-polls). */
    public ReplicaFetchResponse fetch(ReplicaFetchRequest request) {
        List<ReplicaFetchResponse.Partition> answers = new ArrayList<>(request.partitions().size());
        for (ReplicaFetchRequest.Partition p : request.partitions()) {
            answers.add(fetchOne(request.replicaId(), p));
        }
        return ReplicaFetchResponse.success(answers);
    }

    private ReplicaFetchResponse.Partition fetchOne(String replicaId, ReplicaFetchRequest.Partition p) {
        TopicPartition tp = p.topicPartition();
        Led led = leading.get(tp);
        if (led == null) {
            return ReplicaFetchResponse.Partition.error(tp, ErrorCode.NOT_LEADER, "broker " + brokerId
                    + " does not lead " + tp);
        }
        int epoch = led.state.leaderEpoch();
        if (p.leaderEpoch() < epoch) {
            return ReplicaFetchResponse.Partition.error(tp, ErrorCode.FENCED_LEADER_EPOCH, "leader epoch "
                    + p.leaderEpoch() + " of " + tp + " is older than " + epoch);
        }
        if (p.leaderEpoch() > epoch) {
            return ReplicaFetchResponse.Partition.error(tp, ErrorCode.UNKNOWN_LEADER_EPOCH, "broker " + brokerId
                    + " leads " + tp + " at epoch " + epoch + " and does not know epoch " + p.leaderEpoch() + " yet");
        }
        if (!led.state.isReplica(replicaId)) {
            return ReplicaFetchResponse.Partition.error(tp, ErrorCode.INVALID_REQUEST, "broker " + replicaId
                    + " is not a follower of " + tp);
        }
        PartitionLog log = logs.partitionLog(tp);
        if (p.lastFetchedEpoch() >= 0 || p.fetchOffset() > log.durableEnd()) {
            PartitionLog.EpochEnd end = log.epochEndFor(p.lastFetchedEpoch());
            if (end.endOffset() < p.fetchOffset() || (end.epoch() >= 0 && end.epoch() != p.lastFetchedEpoch())) {
                return new ReplicaFetchResponse.Partition(tp.topic(), tp.partition(), ErrorCode.NONE, null,
                        log.highWatermark(), log.logStartOffset(), log.uploadedEnd(), end.epoch(), end.endOffset(),
                        ByteBuffer.allocate(0));
            }
        }
        List<ByteBuffer> batches;
        try {
            batches = log.readForReplica(p.fetchOffset(), p.maxBytes()).batches();
        } catch (OffsetOutOfRangeException e) {
            return ReplicaFetchResponse.Partition.error(tp, ErrorCode.OFFSET_OUT_OF_RANGE, e.getMessage());
        }
        led.state.onFollowerFetch(replicaId, p.fetchOffset(), log.durableEnd(), time.milliseconds());
        advance(tp);
        return new ReplicaFetchResponse.Partition(tp.topic(), tp.partition(), ErrorCode.NONE, null,
                log.highWatermark(), log.logStartOffset(), log.uploadedEnd(), -1, ReplicaFetchResponse.NO_DIVERGENCE,
                concat(batches));
    }

    private static ByteBuffer concat(List<ByteBuffer> batches) {
        int size = batches.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        batches.forEach(b -> out.put(b.duplicate()));
        return out.flip();
    }

    /** Moves a led partition's high watermark to what its replicas allow; completes the acks it passed. */
    private void advance(TopicPartition tp) {
        Led led = leading.get(tp);
        PartitionLog log = logs.partition(tp).orElse(null);
        if (led == null || log == null) {
            return;
        }
        if (log.isReplicated()) {
            log.advanceHighWatermark(led.state.highWatermark(log.durableEnd()));
        }
        led.waiters.highWatermarkMoved(log.highWatermark(), () -> led.state.isr().size());
    }

    private void onAppended(TopicPartition tp) {
        if (leading.containsKey(tp)) {
            advance(tp);
        }
    }

    @Override
    public int leaderEpoch(PartitionMetadata placement) {
        TopicPartition tp = new TopicPartition(placement.topic(), placement.partition());
        Led led = leading.get(tp);
        if (led != null && led.state.leaderEpoch() >= placement.leaderEpoch()) {
            return led.state.leaderEpoch();
        }
        synchronized (this) {
            // The request path read a placement the periodic refresh has not brought yet (a topic
            // just created, a leadership just won): take the lead now, unless a newer one is known.
            Followed f = following.get(tp);
            led = leading.get(tp);
            boolean newerKnown = (f != null && f.leaderEpoch() >= placement.leaderEpoch())
                    || (led != null && led.state.leaderEpoch() > placement.leaderEpoch())
                    || movedAway.getOrDefault(tp, -1) >= placement.leaderEpoch();
            if (newerKnown || !brokerId.equals(placement.leader())) {
                throw new RustMqException(ErrorCode.LEADER_NOT_AVAILABLE, "broker " + brokerId + " does not lead "
                        + tp + " at epoch " + placement.leaderEpoch() + " (it knows a newer placement); nothing was "
                        + "written, retry");
            }
            if (led == null || led.state.leaderEpoch() < placement.leaderEpoch()) {
                lead(tp, placement);
            }
            return leading.get(tp).state.leaderEpoch();
        }
    }

    @Override
    public OptionalInt inSyncCount(TopicPartition partition) {
        Led led = leading.get(partition);
        return led == null ? OptionalInt.empty() : OptionalInt.of(led.state.isr().size());
    }

    @Override
    public CompletableFuture<Void> awaitReplicas(TopicPartition partition, long endOffset, int minInSync) {
        Led led = leading.get(partition);
        if (led == null) {
            return CompletableFuture.failedFuture(new RustMqException(ErrorCode.NOT_LEADER, "broker " + brokerId
                    + " no longer leads " + partition + "; the batch's records may exist"));
        }
        CompletableFuture<Void> done = led.waiters.await(endOffset, minInSync);
        advance(partition);
        return done;
    }

    /**
     * Proposes in-sync changes to the controller for every led partition that needs one (a
     * follower behind for longer than {@code max_replication_lag} ms leaves, one that caught up
     * joins). Blocks on the controller; run it off the data path.
     */
    public void checkIsr() {
        for (Led led : List.copyOf(leading.values())) {
            LeaderPartition state = led.state;
            TopicPartition tp = state.partition();
            PartitionLog log = logs.partition(tp).orElse(null);
            if (log == null) {
                continue;
            }
            Optional<List<String>> proposal = state.proposeIsr(time.milliseconds(), maxLagMs, log.highWatermark());
            if (proposal.isEmpty()) {
                continue;
            }
            List<String> before = state.isr();
            try {
                PartitionMetadata stored = metadata.alterIsr(tp.topic(), tp.partition(), brokerId,
                        state.leaderEpoch(), state.partitionEpoch(), proposal.get());
                state.applyStored(stored, time.milliseconds());
                if (stored.isr().size() < before.size()) {
                    stats.isrShrinks.incrementAndGet();
                } else if (stored.isr().size() > before.size()) {
                    stats.isrExpands.incrementAndGet();
                }
                LOG.info(() -> "in-sync replicas of " + tp + " changed from " + before + " to " + stored.isr());
                advance(tp);
            } catch (RuntimeException e) {
                state.proposalFailed();
                LOG.log(Level.WARNING, "cannot change the in-sync replicas of " + tp + " from " + before + " to "
                        + proposal.get() + ": " + e.getMessage());
            }
        }
    }

    /** The largest lag, in records, of any follower of a partition this broker leads (0 with none). */
    public long maxReplicationLag() {
        long max = 0;
        for (Led led : leading.values()) {
            PartitionLog log = logs.partition(led.state.partition()).orElse(null);
            if (log != null) {
                for (long lag : led.state.lagByFollower(log.durableEnd()).values()) {
                    max = Math.max(max, lag);
                }
            }
        }
        return max;
    }

    // ---- follower side

    /** Where this broker's copy of each partition it follows from {@code leaderId} stands: one fetch's partitions. */
    public List<ReplicaFetchRequest.Partition> fetchPositions(String leaderId, int maxBytes) {
        List<ReplicaFetchRequest.Partition> positions = new ArrayList<>();
        following.forEach((tp, f) -> {
            if (f.leaderId().equals(leaderId)) {
                PartitionLog log = logs.partitionLog(tp);
                positions.add(new ReplicaFetchRequest.Partition(tp.topic(), tp.partition(), f.leaderEpoch(),
                        log.durableEnd(), log.lastLeaderEpoch(), maxBytes));
            }
        });
        return positions;
    }

    /**
     * Applies the leader's answer for one partition on the fetcher's thread: appends its batches
     * and waits until they are durable, or cuts back a diverged tail; then follows the leader's
     * high watermark and trims behind its manifest. Ignored if this broker no longer follows the
     * partition from {@code leaderId}. Returns whether the copy changed.
     */
    public boolean applyFetched(String leaderId, ReplicaFetchResponse.Partition answer) {
        TopicPartition tp = answer.topicPartition();
        Followed f = following.get(tp);
        if (f == null || !f.leaderId().equals(leaderId)) {
            return false;
        }
        if (answer.errorCode() != ErrorCode.NONE) {
            LOG.fine(() -> "fetch of " + tp + " from " + leaderId + ": " + answer.errorCode() + " "
                    + answer.errorMessage());
            return false;
        }
        PartitionLog log = logs.partitionLog(tp);
        if (answer.divergingEndOffset() >= 0) {
            long cut = answer.divergingEndOffset();
            if (answer.divergingEpoch() >= 0) {
                cut = Math.min(cut, log.endOffsetForEpoch(answer.divergingEpoch()));
            }
            long before = log.durableEnd();
            long target = cut;
            log.truncateTo(cut).join();
            stats.truncations.incrementAndGet();
            LOG.info(() -> "broker " + brokerId + " cut its copy of " + tp + " from " + before + " back to "
                    + log.durableEnd() + " (asked " + target + "): it diverged from leader " + leaderId);
            return true;
        }
        ByteBuffer records = answer.records();
        List<CompletableFuture<?>> appends = new ArrayList<>();
        if (records.hasRemaining()) {
            for (RecordBatch batch : RecordBatches.split(records)) {
                appends.add(log.appendReplica(batch.buffer()));
            }
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
        log.advanceHighWatermark(Math.min(answer.highWatermark(), log.durableEnd()));
        long uploaded = Math.min(answer.uploadedEnd(), log.highWatermark());
        if (uploaded > log.uploadedEnd()) {
            log.markUploaded(uploaded);
        }
        return !appends.isEmpty();
    }
}
