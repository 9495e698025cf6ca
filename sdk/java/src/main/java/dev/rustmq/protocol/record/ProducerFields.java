package dev.rustmq.protocol.record;

/**
 * The idempotent-producer fields of a magic-2 batch header: who wrote the batch (producer id and
 * epoch) and the sequence number of its first record. {@link #NONE} (-1, -1, -1, Kafka's "no
 * producer id") is what a producer without idempotence sends, and what a magic-1 batch reports.
 */
public record ProducerFields(long producerId, short producerEpoch, int baseSequence) {
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;

    public static final ProducerFields NONE = new ProducerFields(NO_PRODUCER_ID, NO_PRODUCER_EPOCH, NO_SEQUENCE);
}
