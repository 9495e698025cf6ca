package dev.rustmq.broker;

import dev.rustmq.metadata.StorageMetadata;

/**
 * Hands out idempotent-producer ids (the InitProducerId request), from blocks the controller
 * reserves for this broker, so a producer id costs a controller call once per
 * {@value #BLOCK_SIZE} producers. Epochs start at 0: a producer that restarts gets a new id.
 */
public final class ProducerIds {
    static final int BLOCK_SIZE = 1_000;

    private final StorageMetadata metadata;
    private long next;
    private long end;

    public ProducerIds(StorageMetadata metadata) {
        this.metadata = metadata;
    }

    /** A producer id no producer had before; may call the controller (never on an event loop). */
    public synchronized long next() {
        if (next == end) {
            next = metadata.allocateProducerIds(BLOCK_SIZE);
            end = next + BLOCK_SIZE;
        }
        return next++;
    }
}
