package dev.rustmq.storage.log;

/** Where an appended batch landed: its first and last offset, and the log end after it. */
public record LogAppendResult(long baseOffset, long lastOffset, long logEndOffset) {
}
