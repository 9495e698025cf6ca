package dev.rustmq.client;

/** Which offset ListOffsets looks up. */
public enum OffsetSpec {
    /** The log start offset: the first record still kept. */
    EARLIEST(-2),
    /** The high watermark: where the next visible record will go. */
    LATEST(-1);

    private final long wireValue;

    OffsetSpec(long wireValue) {
        this.wireValue = wireValue;
    }

    long wireValue() {
        return wireValue;
    }
}
