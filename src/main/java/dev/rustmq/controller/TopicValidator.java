package dev.rustmq.controller;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Kafka's rules for topic names and sizes, plus RustMQ's per-topic settings. */
public final class TopicValidator {
    /** Kafka's limit: a topic name becomes part of file and object names. */
    public static final int MAX_NAME_LENGTH = 249;
    /** An upper bound that keeps one request from creating an unmanageable number of partitions. */
    public static final int MAX_PARTITIONS = 10_000;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicValidator() {
    }

    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new RustMqException(ErrorCode.INVALID_TOPIC_NAME, "topic name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new RustMqException(ErrorCode.INVALID_TOPIC_NAME, "topic name is " + name.length()
                    + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new RustMqException(ErrorCode.INVALID_TOPIC_NAME, "topic name cannot be \".\" or \"..\"");
        }
        if (!NAME.matcher(name).matches()) {
            throw new RustMqException(ErrorCode.INVALID_TOPIC_NAME, "topic name \"" + printable(name)
                    + "\" may only contain ASCII letters, digits, '.', '_' and '-'");
        }
    }

    public static void validatePartitionCount(int count) {
        if (count < 1 || count > MAX_PARTITIONS) {
            throw new RustMqException(ErrorCode.INVALID_PARTITIONS, "partition_count must be between 1 and "
                    + MAX_PARTITIONS + ", got " + count);
        }
    }

    public static void validateReplicationFactor(int factor, int liveBrokers) {
        if (factor < 1) {
            throw new RustMqException(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication_factor must be at least 1, got " + factor);
        }
        if (factor > liveBrokers) {
            throw new RustMqException(ErrorCode.INVALID_REPLICATION_FACTOR, "replication_factor " + factor
                    + " is larger than the number of live brokers (" + liveBrokers + ")");
        }
    }

    public static void validateRetention(RetentionPolicy policy) {
        if (policy.limit() != RetentionPolicy.UNLIMITED && policy.limit() < 1) {
            throw new RustMqException(ErrorCode.INVALID_CONFIG, policy.kind().field()
                    + " must be positive, or -1 to keep data forever; got " + policy.limit());
        }
    }

    public static void validateEtlModules(List<String> modules) {
        Set<String> seen = new HashSet<>();
        for (String module : modules) {
            if (module == null || module.isEmpty() || module.length() > MAX_NAME_LENGTH
                    || !NAME.matcher(module).matches()) {
                throw new RustMqException(ErrorCode.INVALID_CONFIG, "ETL module name \"" + printable(String.valueOf(module))
                        + "\" must be 1 to " + MAX_NAME_LENGTH + " ASCII letters, digits, '.', '_' or '-'");
            }
            if (!seen.add(module)) {
                throw new RustMqException(ErrorCode.INVALID_CONFIG, "ETL module \"" + module + "\" is listed twice");
            }
        }
    }

    public static void validateConfigs(Map<String, String> configs) {
        configs.forEach(TopicConfigKeys::validate);
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
