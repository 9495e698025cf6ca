package dev.rustmq.client;

/**
 * Which offset ListOffsets looks up: the log start, the high watermark, or the first record at or
 * after a time (Kafka's {@code offsetsForTimes}).
 */
public final class OffsetSpec {
    /** The log start offset: the first record still kept. */
    public static final OffsetSpec EARLIEST = new OffsetSpec(-2);
    /** The high watermark: where the next visible record will go. */
    public static final OffsetSpec LATEST = new OffsetSpec(-1);

    private final long wireValue;

    private OffsetSpec(long wireValue) {
        this.wireValue = wireValue;
    }

    /**
     * The first record whose timestamp is at or after {@code timestampMs} (ms since the epoch);
     * {@link RustMqClient#listOffsets} answers -1 when no record is that late.
     */
    public static OffsetSpec timestamp(long timestampMs) {
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestampMs must be >= 0, got " + timestampMs);
        }
        return new OffsetSpec(timestampMs);
    }

    long wireValue() {
        return wireValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetSpec other && other.wireValue == wireValue;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(wireValue);
    }

    @Override
    public String toString() {
        return wireValue == -2 ? "EARLIEST" : wireValue == -1 ? "LATEST" : "timestamp(" + wireValue + ")";
    }
}
