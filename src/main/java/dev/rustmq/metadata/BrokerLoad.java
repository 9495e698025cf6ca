package dev.rustmq.metadata;

/**
 * What a broker reports with each heartbeat (docs/cluster.md, "Auto-balancer"): the share of the
 * machine's CPU its process used, the share of its heap in use, and the record bytes it took in
 * (produce) and sent out (fetch) per second since its previous heartbeat.
 */
public record BrokerLoad(double cpu, double memory, double bytesInPerSec, double bytesOutPerSec) {
    /** The load of a broker that has not reported any. */
    public static final BrokerLoad UNKNOWN = new BrokerLoad(0, 0, 0, 0);

    /** Bytes in and out per second. */
    public double bytesPerSec() {
        return bytesInPerSec + bytesOutPerSec;
    }
}
