package dev.rustmq.it;

import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Produces acks=all batches round-robin over the partitions from its own thread, keeping up to
 * {@value #WINDOW} requests in flight, recording every acknowledged record in an {@link AckLog};
 * stops at the first failure (the broker went away) or on {@link #close()}.
 */
final class ContinuousProducer implements AutoCloseable {
    private static final int WINDOW = 8;

    private final RustMqClient client;
    private final String topic;
    private final int partitions;
    private final int round;
    private final AckLog log;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;

    ContinuousProducer(RustMqClient client, String topic, int partitions, int round, AckLog log) {
        this.client = client;
        this.topic = topic;
        this.partitions = partitions;
        this.round = round;
        this.log = log;
        this.thread = new Thread(this::produce, "continuous-producer-" + round);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int inFlight() {
        return WINDOW - window.availablePermits();
    }

    Throwable failure() {
        return failure.get();
    }

    private void produce() {
        Random random = new Random(round);
        long request = 0;
        try {
            while (!closed && failure.get() == null) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int partition = (int) (request % partitions);
                List<String> values = new ArrayList<>();
                List<Record> records = new ArrayList<>();
                int size = 1 + random.nextInt(20);
                for (int k = 0; k < size; k++) {
                    // Unique per record, of varied length (a few bytes to a few KiB).
                    String value = "round " + round + " request " + request + " record " + k + " "
                            + "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 4000 : 100));
                    values.add(value);
                    records.add(new Record(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8),
                            List.of()));
                    log.sent(value);
                }
                request++;
                client.produceAsync(new ProduceRequest(topic, partition, records, Acks.ALL, 10_000))
                        .whenComplete((response, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                for (int k = 0; k < values.size(); k++) {
                                    log.acked(partition, response.baseOffset() + k, values.get(k));
                                }
                            }
                            window.release();
                        });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits for the thread to stop by itself (after a failure). */
    void awaitStopped() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new AssertionError("the producer did not stop after the broker went away");
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
