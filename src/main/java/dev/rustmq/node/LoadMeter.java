package dev.rustmq.node;

import com.sun.management.OperatingSystemMXBean;
import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metrics.DataPlaneObserver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load a broker reports with its heartbeats (docs/cluster.md, "Auto-balancer"): it sits
 * between the produce and fetch handlers and the node's observer, counting the record bytes in
 * and out, and reads the process's CPU share and heap use when sampled.
 */
final class LoadMeter implements DataPlaneObserver {
    private final DataPlaneObserver delegate;
    private final Time time;
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private long lastSampleMs;
    private long lastBytesIn;
    private long lastBytesOut;

    LoadMeter(DataPlaneObserver delegate, Time time) {
        this.delegate = delegate;
        this.time = time;
        this.lastSampleMs = time.milliseconds();
    }

    /** The load since the previous sample. */
    synchronized BrokerLoad sample() {
        long now = time.milliseconds();
        double seconds = Math.max(0.001, (now - lastSampleMs) / 1000.0);
        long in = bytesIn.sum();
        long out = bytesOut.sum();
        BrokerLoad load = new BrokerLoad(processCpu(), heapShare(), (in - lastBytesIn) / seconds,
                (out - lastBytesOut) / seconds);
        lastSampleMs = now;
        lastBytesIn = in;
        lastBytesOut = out;
        return load;
    }

    private static double processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuLoad());
        }
        return 0;
    }

    private static double heapShare() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getMax() <= 0 ? 0 : (double) heap.getUsed() / heap.getMax();
    }

    @Override
    public void produced(int records, int bytes) {
        bytesIn.add(bytes);
        delegate.produced(records, bytes);
    }

    @Override
    public void produceLatency(long nanos) {
        delegate.produceLatency(nanos);
    }

    @Override
    public void produceFailed(ErrorCode code) {
        delegate.produceFailed(code);
    }

    @Override
    public void fetched(int records, int bytes) {
        bytesOut.add(bytes);
        delegate.fetched(records, bytes);
    }

    @Override
    public void fetchLatency(long nanos) {
        delegate.fetchLatency(nanos);
    }

    @Override
    public void fetchFailed(ErrorCode code) {
        delegate.fetchFailed(code);
    }
}
