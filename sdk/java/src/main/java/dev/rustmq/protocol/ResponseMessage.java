package dev.rustmq.protocol;

import dev.rustmq.errors.ErrorCode;

/**
 * The body of a response frame. Every response body starts with the outcome of the request:
 * an error code ({@link ErrorCode#NONE} on success) and an optional message for people.
 */
public interface ResponseMessage extends Message {
    ErrorCode errorCode();

    /** Why it failed, for people; null on success. */
    String errorMessage();
}
