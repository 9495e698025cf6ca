package dev.rustmq.client.producer;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;

/**
 * {@link Producer#send} waited {@code max.block.ms} for room in {@code buffer.memory} and found
 * none: records are produced faster than the broker takes them. Retriable: send again later, or
 * give the producer more memory or a longer {@code max.block.ms}.
 */
public class BufferExhaustedException extends RustMqClientException {
    public BufferExhaustedException(String message) {
        super(ErrorCode.REQUEST_TIMED_OUT, message);
    }
}
