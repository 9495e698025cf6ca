package dev.rustmq.storage.log;

/** A record found by its time: its offset and its own timestamp. */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
