package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;

/** A cached batch: the partition and the batch's base offset. */
public record CacheKey(TopicPartition partition, long baseOffset) {
}
