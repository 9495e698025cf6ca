package dev.rustmq.storage.object;

/** One stored object: its key and size in bytes. */
public record ObjectInfo(String key, long size) {
}
