package dev.rustmq.bench;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.LogManager;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop appenders for {@link StorageBenchmark}: each keeps exactly one append in flight and
 * issues the next when it completes, recording append-to-acknowledgement latency.
 */
final class Load {
    static final int DRIVER_THREADS = 2;

    private final CountDownLatch stopped;
    private final ExecutorService drivers;

    private Load(int appenders, ExecutorService drivers) {
        this.stopped = new CountDownLatch(appenders);
        this.drivers = drivers;
    }

    /** Appenders as callbacks on two driver threads, as event loops would run them. */
    static Load async(LogManager logs, int appenders, int partitions, int recordSize, Recorder recorder,
                      AtomicBoolean measuring, AtomicBoolean stop) {
        ExecutorService drivers = Executors.newFixedThreadPool(DRIVER_THREADS, r -> {
            Thread t = new Thread(r, "bench-driver");
            t.setDaemon(true);
            return t;
        });
        Load load = new Load(appenders, drivers);
        for (int a = 0; a < appenders; a++) {
            ByteBuffer batch = batch(recordSize);
            int id = a;
            drivers.execute(() -> load.issue(logs, id, 0, partitions, batch, recorder, measuring, stop));
        }
        return load;
    }

    private void issue(LogManager logs, int id, long i, int partitions, ByteBuffer batch, Recorder recorder,
                       AtomicBoolean measuring, AtomicBoolean stop) {
        if (stop.get()) {
            stopped.countDown();
            return;
        }
        TopicPartition tp = new TopicPartition("bench", (int) ((id + i) % partitions));
        long t0 = System.nanoTime();
        logs.append(tp, batch.duplicate(), 0).whenCompleteAsync((result, error) -> {
            if (error != null) {
                System.err.println("append failed: " + error);
            } else if (measuring.get()) {
                recorder.recordValue(System.nanoTime() - t0);
            }
            issue(logs, id, i + 1, partitions, batch, recorder, measuring, stop);
        }, drivers);
    }

    /** Appenders as threads that each block until their append is acknowledged. */
    static Load threads(LogManager logs, int appenders, int partitions, int recordSize, Recorder recorder,
                        AtomicBoolean measuring, AtomicBoolean stop) {
        Load load = new Load(appenders, null);
        for (int a = 0; a < appenders; a++) {
            ByteBuffer batch = batch(recordSize);
            int id = a;
            Thread thread = new Thread(() -> {
                for (long i = 0; !stop.get(); i++) {
                    TopicPartition tp = new TopicPartition("bench", (int) ((id + i) % partitions));
                    long t0 = System.nanoTime();
                    logs.append(tp, batch.duplicate(), 0).join();
                    if (measuring.get()) {
                        recorder.recordValue(System.nanoTime() - t0);
                    }
                }
                load.stopped.countDown();
            }, "bench-appender-" + a);
            thread.start();
        }
        return load;
    }

    void awaitStopped() throws InterruptedException {
        if (!stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("appenders did not stop");
        }
        if (drivers != null) {
            drivers.shutdown();
        }
    }

    private static ByteBuffer batch(int recordSize) {
        byte[] value = new byte[recordSize];
        ThreadLocalRandom.current().nextBytes(value);
        return RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                List.of(Record.of(null, value, System.currentTimeMillis())));
    }
}
