package dev.rustmq.client;

/**
 * Where a produce went: the offset of its first record ({@code -1} with acks = none) and the
 * broker's append time ({@code -1} if unknown).
 */
public record ProduceResponse(long baseOffset, long logAppendTimeMs) {
}
