package dev.rustmq.replication;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A follower's fetcher threads, one per leader broker it copies from, started and stopped as the
 * placement changes ({@link #sync}). A thread repeats fetch rounds, backing off after a failed or
 * refused one, and ends when this broker follows nothing more from its leader.
 */
public final class ReplicaFetchers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicaFetchers.class.getName());
    private static final long IDLE_PAUSE_MS = 50;

    private final ReplicaManager replicas;
    private final Function<String, ReplicaFetcher> fetcherFor;
    private final Time time;
    private final Backoff backoff = Backoff.exponential(50, 1_000);
    private final Map<String, Worker> workers = new HashMap<>();
    private boolean closed;

    /** @param fetcherFor a fetcher (with its own channel) for a leader broker id */
    public ReplicaFetchers(ReplicaManager replicas, Function<String, ReplicaFetcher> fetcherFor, Time time) {
        this.replicas = replicas;
        this.fetcherFor = fetcherFor;
        this.time = time;
    }

    /** Starts a thread for every leader followed now; stops the threads of leaders no longer followed. */
    public synchronized void sync() {
        if (closed) {
            return;
        }
        Set<String> leaders = replicas.leadersFollowed();
        workers.entrySet().removeIf(e -> {
            if (leaders.contains(e.getKey()) && e.getValue().thread.isAlive()) {
                return false;
            }
            e.getValue().stop();
            return true;
        });
        for (String leader : leaders) {
            workers.computeIfAbsent(leader, l -> new Worker(fetcherFor.apply(l))).start();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        workers.values().forEach(Worker::stop);
        for (Worker w : workers.values()) {
            try {
                w.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
    }

    private final class Worker implements Runnable {
        private final ReplicaFetcher fetcher;
        private final Thread thread;
        private volatile boolean running = true;

        Worker(ReplicaFetcher fetcher) {
            this.fetcher = fetcher;
            this.thread = new Thread(this, "replica-fetcher-" + replicas.brokerId() + "-from-" + fetcher.leaderId());
            thread.setDaemon(true);
        }

        void start() {
            if (thread.getState() == Thread.State.NEW) {
                thread.start();
            }
        }

        void stop() {
            running = false;
            thread.interrupt();
            fetcher.close();
        }

        @Override
        public void run() {
            int failures = 0;
            while (running) {
                try {
                    ReplicaFetcher.Round round = fetcher.runOnce();
                    if (round == ReplicaFetcher.Round.FETCHED) {
                        failures = 0;
                        continue;
                    }
                    time.sleep(round == ReplicaFetcher.Round.IDLE ? IDLE_PAUSE_MS : backoff.delayMs(++failures));
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    failures++;
                    if (failures == 1 || failures % 50 == 0) {
                        LOG.log(Level.WARNING, "broker " + replicas.brokerId() + " cannot fetch from leader "
                                + fetcher.leaderId() + " (attempt " + failures + "): " + e);
                    }
                    try {
                        time.sleep(backoff.delayMs(failures));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }
}
