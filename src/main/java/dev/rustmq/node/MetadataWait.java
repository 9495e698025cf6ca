package dev.rustmq.node;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.MetadataStoreException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A broker's storage reads the metadata as it opens (its WAL's partitions, their manifests), so a
 * node waits for the metadata to answer before opening it: replicated controllers starting
 * together form their quorum within seconds, and a broker's controllers may start after it.
 * The wait is bounded; past it start-up fails saying what the node sees, and the orchestrator
 * (or the operator) starts it again.
 */
final class MetadataWait {
    private static final Logger LOG = Logger.getLogger(MetadataWait.class.getName());
    private static final long POLL_MS = 200;
    private static final long REPORT_EVERY_MS = 5_000;

    private MetadataWait() {
    }

    /** Returns once {@code cluster}'s metadata check is up; throws after {@code timeoutMs}. */
    static void await(ClusterView cluster, Time time, long timeoutMs) {
        long start = time.milliseconds();
        long lastReport = start;
        while (true) {
            CheckResult check = cluster.checkMetadataStore();
            if (check.up()) {
                return;
            }
            long now = time.milliseconds();
            if (now - start >= timeoutMs) {
                throw new MetadataStoreException("RustMQ cannot start: the cluster's metadata did not answer within "
                        + timeoutMs + " ms (" + check.data() + "); check that a majority of the controllers in "
                        + "[raft] peers / [controller] endpoints are running and reachable", null);
            }
            if (now - lastReport >= REPORT_EVERY_MS) {
                lastReport = now;
                LOG.info(() -> "waiting for the cluster's metadata: " + check.data());
            }
            try {
                time.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster's metadata", e);
            }
        }
    }

    /** How long a node waits: twelve sessions, at least a minute. */
    static long timeoutMs(long electionTimeoutMs) {
        return Math.max(TimeUnit.MINUTES.toMillis(1), 12 * electionTimeoutMs);
    }
}
