package dev.rustmq.controller;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.util.Map;

/**
 * Per-topic settings that override the broker's (the {@code configs} object of a topic), each a
 * positive integer. Unknown names are rejected so a typo is not silently ignored.
 */
public final class TopicConfigKeys {
    public static final Map<String, String> KNOWN = Map.of(
            "min_in_sync_replicas", "acks=all needs this many in-sync replicas",
            "max_message_bytes", "largest record batch the topic accepts",
            "segment_size_bytes", "seal a segment for upload at this size",
            "segment_ms", "seal a segment for upload at this age");

    private TopicConfigKeys() {
    }

    static void validate(String name, String value) {
        if (!KNOWN.containsKey(name)) {
            throw new RustMqException(ErrorCode.INVALID_CONFIG, "unknown topic config \"" + name + "\"; known: "
                    + KNOWN.keySet().stream().sorted().toList());
        }
        if (value == null) {
            return;
        }
        try {
            if (Long.parseLong(value) >= 1) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RustMqException(ErrorCode.INVALID_CONFIG, "topic config " + name + " must be a positive integer, got \""
                + value + "\"");
    }
}
