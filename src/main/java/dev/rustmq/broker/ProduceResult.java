package dev.rustmq.broker;

/** Where a produced batch landed; both offsets are -1 for acks=none, which does not wait. */
public record ProduceResult(long baseOffset, long lastOffset) {
    static final ProduceResult NOT_WAITED = new ProduceResult(-1, -1);
}
