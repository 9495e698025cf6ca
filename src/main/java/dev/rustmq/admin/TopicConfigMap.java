package dev.rustmq.admin;

import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.record.CompressionType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic's settings as the protocol carries them (docs/protocol.md, "CreateTopic"): one string
 * map holding {@code compression}, {@code retention_ms} or {@code retention_bytes},
 * {@code etl_modules} (comma-separated) and the per-topic configs. This is the one place that
 * reads it; the controller then validates the resulting {@link TopicSpec} as it does the admin
 * API's.
 */
public final class TopicConfigMap {
    /** A partition count or replication factor of -1 in CreateTopic (the admin API's defaults). */
    static final int DEFAULT_PARTITIONS = 1;
    static final int DEFAULT_REPLICATION_FACTOR = 1;

    private TopicConfigMap() {
    }

    /** The topic {@code request} asks for; {@code INVALID_CONFIG} for a setting that cannot be read. */
    public static TopicSpec spec(CreateTopicRequest request) {
        Map<String, String> configs = new LinkedHashMap<>(request.configs());
        CompressionType compression = configs.containsKey("compression")
                ? CompressionType.parse(configs.remove("compression")) : CompressionType.NONE;
        RetentionPolicy retention = retention(configs.remove("retention_ms"), configs.remove("retention_bytes"));
        String modules = configs.remove("etl_modules");
        List<String> etlModules = modules == null || modules.isBlank() ? List.of()
                : Arrays.stream(modules.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        int partitions = request.partitions() == CreateTopicRequest.DEFAULT ? DEFAULT_PARTITIONS
                : request.partitions();
        int replication = request.replicationFactor() == CreateTopicRequest.DEFAULT ? DEFAULT_REPLICATION_FACTOR
                : request.replicationFactor();
        return new TopicSpec(request.name(), partitions, replication, retention, compression, etlModules, configs);
    }

    private static RetentionPolicy retention(String ms, String bytes) {
        if (ms != null && bytes != null) {
            throw new RustMqException(ErrorCode.INVALID_CONFIG, "set one of retention_ms or retention_bytes, not both");
        }
        if (ms != null) {
            return new RetentionPolicy(RetentionPolicy.Kind.TIME, parseLong("retention_ms", ms));
        }
        if (bytes != null) {
            return new RetentionPolicy(RetentionPolicy.Kind.SIZE, parseLong("retention_bytes", bytes));
        }
        return RetentionPolicy.DEFAULT;
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RustMqException(ErrorCode.INVALID_CONFIG, "topic config " + key + " must be an integer, got \""
                    + value + "\"");
        }
    }
}
