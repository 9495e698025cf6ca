package dev.rustmq.protocol.message;

import dev.rustmq.errors.ProtocolException;

/** Field checks shared by the message records: a bad value is {@code INVALID_REQUEST}, built or decoded. */
final class Check {
    private Check() {
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw ProtocolException.invalid(field + " must not be null");
        }
        return value;
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw ProtocolException.invalid(field + " is " + value + "; it must not be negative");
        }
        return value;
    }
}
