package dev.rustmq.bench;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.LogReadResult;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.tier.TierOptions;
import dev.rustmq.storage.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Tiered storage throughput next to the object store's own, in one run on one store:
 * <ol>
 * <li>baselines ({@link ObjectStoreBaseline}): the store's PUTs of segment-sized objects with as
 *     many in flight as tiering uploads ({@code max_concurrent_uploads}), half right before and half
 *     right after the upload; its ranged GETs of fetch-sized blocks with as many in flight as there
 *     are cold readers, half right before and half right after the cold read;</li>
 * <li>upload: a broker's storage (file WAL with fsync, caches, {@code TieredStorage}, production
 *     classes) takes a backlog of appends into several partitions, whole segments each; then
 *     tiering starts, seals, uploads and commits it all; MB/s = segment bytes in the manifests over
 *     the time from start to the last commit;</li>
 * <li>cold read: the WAL is deleted (a wiped broker) and a fresh broker storage with empty caches
 *     reads every partition from offset 0 to its end through {@code PartitionLog.read}, a fetch of
 *     {@code fetchMaxBytes} at a time, sequentially per partition, {@code readers} partitions at
 *     once; every batch is checked against what was written.</li>
 * </ol>
 */
public final class TieringBenchmark {
    private static final int LEADER_EPOCH = 1;
    private static final int APPENDS_IN_FLIGHT = 64;
    /** Give up when the manifests have not moved for this long (the store is gone, or a bug). */
    private static final long STALL_MS = 120_000;

    /**
     * @param segmentBytes seal segments of this size ([wal] segment_size_bytes); also the baseline's PUT size
     * @param uploads uploads in flight ([object_storage] max_concurrent_uploads); also the baseline's PUT concurrency
     * @param readers partitions read at once in the cold-read phase; also the baseline's GET concurrency
     * @param fetchMaxBytes bytes a cold read asks for (a consumer's max bytes); also the baseline's GET size
     */
    public record Settings(Path workDir, String topic, int partitions, long totalBytes, int batchBytes, int recordBytes,
                           long segmentBytes, int uploads, int readers, int fetchMaxBytes, long baselineMs,
                           long writeCacheBytes, long readCacheBytes, int readAheadBytes, int readAheadChunks) {
        /** With the broker's read-ahead window ({@link TierOptions#DEFAULT_READ_AHEAD_CHUNKS} chunks). */
        public Settings(Path workDir, String topic, int partitions, long totalBytes, int batchBytes, int recordBytes,
                        long segmentBytes, int uploads, int readers, int fetchMaxBytes, long baselineMs,
                        long writeCacheBytes, long readCacheBytes, int readAheadBytes) {
            this(workDir, topic, partitions, totalBytes, batchBytes, recordBytes, segmentBytes, uploads, readers,
                    fetchMaxBytes, baselineMs, writeCacheBytes, readCacheBytes, readAheadBytes,
                    TierOptions.DEFAULT_READ_AHEAD_CHUNKS);
        }

        public Settings {
            if (partitions < 1 || totalBytes < 1 || recordBytes < 1 || batchBytes < recordBytes || segmentBytes < 1
                    || uploads < 1 || readers < 1 || fetchMaxBytes < 1 || baselineMs < 1 || readAheadBytes < 0
                    || readAheadChunks < 1) {
                throw new IllegalArgumentException("invalid tiering benchmark settings: " + this);
            }
        }

        int recordsPerBatch() {
            return batchBytes / recordBytes;
        }
    }

    /** A timed phase: bytes moved, in how many objects or batches. */
    public record Phase(String name, long bytes, long items, double seconds) {
        public double mbPerSecond() {
            return bytes / seconds / (1 << 20);
        }
    }

    /** Store calls a phase made, as counted between tiering and the store, and the time spent in them. */
    public record StoreCalls(long puts, long putBytes, long putNanos, long gets, long getBytes, long getNanos) {
        /** PUTs in flight on average over {@code phase} (the baseline keeps its concurrency busy all along). */
        public double putsInFlight(Phase phase) {
            return putNanos / 1e9 / phase.seconds();
        }

        public double getsInFlight(Phase phase) {
            return getNanos / 1e9 / phase.seconds();
        }
    }

    public record Result(ObjectStoreBaseline.Result put, ObjectStoreBaseline.Result get, Phase append, Phase upload,
                         StoreCalls uploadCalls, Phase coldRead, StoreCalls coldReadCalls) {
        public double uploadRatio() {
            return upload.mbPerSecond() / put.mbPerSecond();
        }

        public double coldReadRatio() {
            return coldRead.mbPerSecond() / get.mbPerSecond();
        }
    }

    private final ObjectStore rawStore;
    private final CountingObjectStore store;
    private final Settings settings;
    private final Consumer<String> progress;
    private boolean warm;

    public TieringBenchmark(ObjectStore store, Settings settings, Consumer<String> progress) {
        this.rawStore = store;
        this.store = new CountingObjectStore(store);
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * One round: the baselines, the upload and the cold read, under topic {@code topic-r<round>}.
     * Each baseline is measured half right before and half right after the phase it is compared
     * with, so a load that comes and goes on a shared machine weighs on both alike. The segment
     * objects stay in the store until {@link #deleteObjects}.
     */
    public Result run(int round) throws Exception {
        String topic = settings.topic() + "-r" + round;
        long halfMs = Math.max(1, settings.baselineMs() / 2);
        int objectSize = Math.toIntExact(settings.segmentBytes());
        List<String> baselineKeys = new ArrayList<>();
        Consumer<ObjectStoreBaseline.Progress> baselineProgress = p -> progress.accept(String.format(
                java.util.Locale.ROOT, "baseline %s: %.0f s, %d calls, %.1f MB/s", p.phase(), p.seconds(), p.calls(),
                p.bytes() / p.seconds() / (1 << 20)));
        ObjectStoreBaseline puts = new ObjectStoreBaseline(rawStore, settings.uploads(), baselineProgress);
        ObjectStoreBaseline gets = new ObjectStoreBaseline(rawStore, settings.readers(), baselineProgress);
        String baselinePrefix = "perf-baseline/" + topic + "/";
        MetadataStore metadata = new MemoryMetadataStore();
        createTopic(metadata, topic);
        Map<TopicPartition, WrittenBatches> written = new LinkedHashMap<>();
        for (int p = 0; p < settings.partitions(); p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            written.put(tp, new WrittenBatches(tp.toString(), settings.recordsPerBatch(), LEADER_EPOCH));
        }
        Path wal = settings.workDir().resolve("wal");
        Path walAfterWipe = settings.workDir().resolve("wal-after-wipe");
        Folders.deleteRecursively(wal);
        Folders.deleteRecursively(walAfterWipe);
        try {
            if (!warm) {
                warmUp();
                warm = true;
            }
            ObjectStoreBaseline.Result putBefore = puts.puts(baselinePrefix, objectSize, halfMs, baselineKeys);
            Phase append;
            Phase upload;
            StoreCalls uploadCalls;
            try (BenchBroker broker = broker(wal, metadata)) {
                append = append(broker.logs, written);
                CountingObjectStore.Counts before = store.counts();
                upload = upload(broker, written);
                uploadCalls = calls(store.counts().minus(before));
            } finally {
                Folders.deleteRecursively(wal); // the broker's disk is wiped: only object storage and the manifests remain
            }
            ObjectStoreBaseline.Result putAfter = puts.puts(baselinePrefix + "after-", objectSize, halfMs, baselineKeys);
            ObjectStoreBaseline.Result getBefore = gets.rangedGets(baselineKeys, objectSize, settings.fetchMaxBytes(),
                    halfMs);
            Phase coldRead;
            StoreCalls coldReadCalls;
            try (BenchBroker broker = broker(walAfterWipe, metadata)) {
                broker.startTiering();
                CountingObjectStore.Counts before = store.counts();
                coldRead = coldRead(broker.logs, written);
                coldReadCalls = calls(store.counts().minus(before));
            } finally {
                Folders.deleteRecursively(walAfterWipe);
            }
            ObjectStoreBaseline.Result getAfter = gets.rangedGets(baselineKeys, objectSize, settings.fetchMaxBytes(),
                    halfMs);
            return new Result(merge(putBefore, putAfter), merge(getBefore, getAfter), append, upload, uploadCalls,
                    coldRead, coldReadCalls);
        } finally {
            if (!baselineKeys.isEmpty()) {
                puts.delete(baselineKeys);
            }
        }
    }

    private static ObjectStoreBaseline.Result merge(ObjectStoreBaseline.Result a, ObjectStoreBaseline.Result b) {
        org.HdrHistogram.Histogram latency = a.latency().copy();
        latency.add(b.latency());
        return new ObjectStoreBaseline.Result(a.phase(), a.calls() + b.calls(), a.bytes() + b.bytes(),
                a.seconds() + b.seconds(), latency);
    }

    /**
     * A short unmeasured round of PUTs and GETs first, so the baseline does not pay for this JVM's
     * (and the store's) cold start while the tiering phases after it would not.
     */
    private void warmUp() throws Exception {
        long ms = Math.min(3_000, settings.baselineMs() / 3 + 1);
        List<String> keys = new ArrayList<>();
        ObjectStoreBaseline warm = new ObjectStoreBaseline(rawStore, settings.uploads(), p -> { });
        try {
            progress.accept("warm-up: " + ms + " ms of PUTs and GETs, not measured");
            warm.puts("perf-baseline/" + settings.topic() + "/warm-up/", Math.toIntExact(settings.segmentBytes()), ms,
                    keys);
            warm.rangedGets(keys, Math.toIntExact(settings.segmentBytes()), settings.fetchMaxBytes(), ms);
        } finally {
            if (!keys.isEmpty()) {
                warm.delete(keys);
            }
        }
    }

    /** Deletes the segment objects the run uploaded (everything under the benchmark topic's prefix). */
    public int deleteObjects() {
        List<ObjectInfo> objects = rawStore.list("topics/" + settings.topic() + "-r");
        objects.forEach(o -> rawStore.delete(o.key()));
        return objects.size();
    }

    private static StoreCalls calls(CountingObjectStore.Counts c) {
        return new StoreCalls(c.puts(), c.putBytes(), c.putNanos(), c.gets(), c.getBytes(), c.getNanos());
    }

    private BenchBroker broker(Path walDir, MetadataStore metadata) {
        long segment = settings.segmentBytes();
        // Room for the whole backlog: tiering (which trims) starts only after the appends.
        WalOptions wal = new WalOptions(walDir, 2 * settings.totalBytes() + 2 * segment + (256L << 20),
                Math.max(segment, 64L << 20), 1 << 20, true, 1_000);
        // upload_interval_ms 1: the backlog's last partial segment of each partition is sealed at once too.
        TierOptions options = new TierOptions(segment, 1, settings.uploads(), 10, 0.5, 100, 30_000,
                settings.readAheadBytes(), 32L << 20, settings.readAheadChunks());
        return new BenchBroker(wal, store, metadata, options, settings.writeCacheBytes(), settings.readCacheBytes());
    }

    private void createTopic(MetadataStore metadata, String topic) {
        List<PartitionMetadata> placement = new ArrayList<>();
        for (int p = 0; p < settings.partitions(); p++) {
            placement.add(new PartitionMetadata(topic, p, "0", List.of("0"), List.of("0"), LEADER_EPOCH));
        }
        metadata.createTopic(new TopicMetadata(topic, java.util.UUID.randomUUID().toString(),
                settings.partitions(), 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of(),
                System.currentTimeMillis()), placement);
    }

    /** Appends the backlog round-robin over the partitions, {@link #APPENDS_IN_FLIGHT} at a time, all durable. */
    private Phase append(LogManager logs, Map<TopicPartition, WrittenBatches> written) throws Exception {
        int recordsPerBatch = settings.recordsPerBatch();
        Random random = new Random(42);
        long timestamp = System.currentTimeMillis();
        // Values are random (incompressible, like compressed data) slices of one block, so batches differ cheaply.
        byte[] block = new byte[4 << 20];
        random.nextBytes(block);
        Semaphore inFlight = new Semaphore(APPENDS_IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<TopicPartition> partitions = new ArrayList<>(written.keySet());
        // Whole segments per partition, as a steady stream seals them: the objects then have the
        // baseline's size (a backlog cut at an arbitrary byte would end each partition with a small one).
        int batchBytes = batch(0, timestamp, random, block).remaining();
        long batchesPerSegment = Math.max(1, settings.segmentBytes() / batchBytes);
        long segmentsPerPartition = Math.max(1, Math.round(settings.totalBytes() / (double) settings.partitions()
                / (batchesPerSegment * batchBytes)));
        long batches = segmentsPerPartition * batchesPerSegment * partitions.size();
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long bytes = 0;
        for (long b = 0; b < batches && failure.get() == null; b++) {
            TopicPartition tp = partitions.get((int) (b % partitions.size()));
            ByteBuffer batch = batch(b, timestamp, random, block);
            long expectedOffset = written.get(tp).add(batch);
            bytes += batch.remaining();
            inFlight.acquire();
            CompletableFuture<LogAppendResult> appended = logs.append(tp, batch, LEADER_EPOCH);
            appended.whenComplete((result, error) -> {
                inFlight.release();
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else if (result.baseOffset() != expectedOffset) {
                    failure.compareAndSet(null, new IllegalStateException(tp + ": a batch got offset "
                            + result.baseOffset() + " where " + expectedOffset + " was expected"));
                }
            });
            long now = System.nanoTime();
            if (now >= nextReport) {
                progress.accept(String.format(java.util.Locale.ROOT, "append: %.0f of %.0f MB durable in the WAL",
                        bytes / (double) (1 << 20), settings.totalBytes() / (double) (1 << 20)));
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
        }
        inFlight.acquire(APPENDS_IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("appending the backlog failed: " + failure.get().getMessage(), failure.get());
        }
        Phase phase = new Phase("append", bytes, batches, (System.nanoTime() - start) / 1e9);
        progress.accept(String.format(java.util.Locale.ROOT, "append: %.1f MB in %d partitions durable in %.1f s "
                + "(the backlog; tiering starts now)", bytes / (double) (1 << 20), partitions.size(), phase.seconds()));
        return phase;
    }

    /** Producer batch {@code b}: all batches are the same size (fixed-width keys, one timestamp per batch). */
    private ByteBuffer batch(long b, long timestamp, Random random, byte[] block) {
        List<Record> records = new ArrayList<>(settings.recordsPerBatch());
        for (int r = 0; r < settings.recordsPerBatch(); r++) {
            int from = random.nextInt(block.length - settings.recordBytes());
            records.add(new Record(timestamp + b, String.format("k%012d-%05d", b, r).getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(block, from, from + settings.recordBytes()), List.of()));
        }
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, records);
    }

    /** Starts tiering on the backlog and waits until every partition's manifest reaches its end. */
    private Phase upload(BenchBroker broker, Map<TopicPartition, WrittenBatches> written) throws Exception {
        long start = System.nanoTime();
        broker.startTiering();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long lastBytes = -1;
        long lastChange = start;
        while (true) {
            long committed = 0;
            long segments = 0;
            boolean done = true;
            for (Map.Entry<TopicPartition, WrittenBatches> e : written.entrySet()) {
                PartitionManifest m = broker.tier.manifest(e.getKey()).orElse(null);
                if (m == null || m.endOffset() < e.getValue().endOffset()) {
                    done = false;
                }
                if (m != null) {
                    for (SegmentMetadata s : m.segments()) {
                        committed += s.sizeBytes();
                        segments++;
                    }
                }
            }
            long now = System.nanoTime();
            if (done) {
                // Let the trim that follows the last commit finish before the storage is closed.
                broker.tier.checkNow().get();
                Phase phase = new Phase("upload", committed, segments, (now - start) / 1e9);
                progress.accept(String.format(java.util.Locale.ROOT, "upload: %.1f MB in %d segments committed in "
                        + "%.2f s", committed / (double) (1 << 20), segments, phase.seconds()));
                return phase;
            }
            if (committed != lastBytes) {
                lastBytes = committed;
                lastChange = now;
            } else if (now - lastChange > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
                throw new TimeoutException("tiered uploads stalled: " + committed + " bytes committed, nothing more for "
                        + STALL_MS / 1000 + " s (see the log for store errors)");
            }
            if (now >= nextReport) {
                progress.accept(String.format(java.util.Locale.ROOT, "upload: %.0f MB in %d segments committed, "
                                + "%.1f MB/s", committed / (double) (1 << 20), segments,
                        committed / ((now - start) / 1e9) / (1 << 20)));
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** Reads every partition from its start to its end, {@code readers} partitions at once, checking every batch. */
    private Phase coldRead(LogManager logs, Map<TopicPartition, WrittenBatches> written) throws Exception {
        ConcurrentLinkedQueue<TopicPartition> todo = new ConcurrentLinkedQueue<>(written.keySet());
        AtomicLong bytes = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(settings.readers());
        long start = System.nanoTime();
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < settings.readers(); i++) {
                readers.add(pool.submit(() -> {
                    for (TopicPartition tp = todo.poll(); tp != null; tp = todo.poll()) {
                        readPartition(logs, tp, written.get(tp), bytes, batches);
                    }
                    return null;
                }));
            }
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            while (!readers.stream().allMatch(Future::isDone)) {
                TimeUnit.MILLISECONDS.sleep(2);
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.accept(String.format(java.util.Locale.ROOT, "cold read: %.0f MB read and checked, "
                            + "%.1f MB/s", bytes.get() / (double) (1 << 20), bytes.get() / ((now - start) / 1e9)
                            / (1 << 20)));
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
            }
            for (Future<?> r : readers) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Phase phase = new Phase("cold-read", bytes.get(), batches.get(), (System.nanoTime() - start) / 1e9);
        progress.accept(String.format(java.util.Locale.ROOT, "cold read: %.1f MB in %d batches read and checked in "
                + "%.2f s", phase.bytes() / (double) (1 << 20), phase.items(), phase.seconds()));
        return phase;
    }

    private void readPartition(LogManager logs, TopicPartition tp, WrittenBatches expected, AtomicLong bytes,
                               AtomicLong batches) {
        PartitionLog log = logs.partition(tp).orElseThrow(() -> new IllegalStateException(
                "after the WAL was deleted the broker does not know " + tp + ": its manifest is missing"));
        long end = expected.endOffset();
        if (log.logStartOffset() != 0 || log.highWatermark() != end) {
            throw new IllegalStateException("after the WAL was deleted " + tp + " spans [" + log.logStartOffset()
                    + ", " + log.highWatermark() + "), expected [0, " + end + ")");
        }
        long next = 0;
        while (next < end) {
            LogReadResult r = log.read(next, settings.fetchMaxBytes());
            if (r.batches().isEmpty()) {
                throw new IllegalStateException("a read of " + tp + " at offset " + next + " returned nothing");
            }
            for (ByteBuffer batch : r.batches()) {
                next = expected.verify(batch, next);
                bytes.addAndGet(batch.remaining());
            }
            batches.addAndGet(r.batches().size());
        }
    }

}
