package dev.rustmq.api;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.node.PartitionDetails;
import dev.rustmq.protocol.record.CompressionType;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The seed's topic JSON: request bodies to {@link TopicSpec}/{@link TopicUpdate}, metadata to responses. */
final class TopicJson {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "partition_count", "replication_factor",
            "retention_policy", "compression", "etl_modules", "configs");
    private static final Set<String> UPDATE_FIELDS = Set.of("partition_count", "replication_factor",
            "retention_policy", "compression", "etl_modules", "configs");

    private TopicJson() {
    }

    /** Absent fields take Kafka-like defaults: 1 partition, replication factor 1, 7-day retention. */
    static TopicSpec spec(String body) {
        JsonBody json = JsonBody.parse(body, CREATE_FIELDS);
        if (!json.has("name")) {
            throw JsonBody.invalid("\"name\" is required");
        }
        return new TopicSpec(json.string("name"),
                json.has("partition_count") ? json.integer("partition_count") : 1,
                json.has("replication_factor") ? json.integer("replication_factor") : 1,
                json.has("retention_policy") ? retention(json.object("retention_policy")) : RetentionPolicy.DEFAULT,
                json.has("compression") ? CompressionType.parse(json.string("compression")) : CompressionType.NONE,
                json.has("etl_modules") ? json.strings("etl_modules") : List.of(),
                json.has("configs") ? nonNull(json.scalarMap("configs")) : Map.of());
    }

    static TopicUpdate update(String body) {
        JsonBody json = JsonBody.parse(body, UPDATE_FIELDS);
        return new TopicUpdate(
                json.has("partition_count") ? json.integer("partition_count") : null,
                json.has("replication_factor") ? json.integer("replication_factor") : null,
                json.has("retention_policy") ? retention(json.object("retention_policy")) : null,
                json.has("compression") ? CompressionType.parse(json.string("compression")) : null,
                json.has("etl_modules") ? json.strings("etl_modules") : null,
                json.has("configs") ? json.scalarMap("configs") : null);
    }

    /** {@code {"Time": {"retention_ms": N}}} or {@code {"Size": {"retention_bytes": N}}}. */
    static RetentionPolicy retention(JsonObject policy) {
        if (policy.size() != 1) {
            throw JsonBody.invalid("\"retention_policy\" must have exactly one of \"Time\" or \"Size\"");
        }
        for (RetentionPolicy.Kind kind : RetentionPolicy.Kind.values()) {
            JsonValue inner = policy.get(kind.displayName());
            if (inner == null) {
                continue;
            }
            String where = "retention_policy." + kind.displayName();
            if (inner.getValueType() != JsonValue.ValueType.OBJECT || inner.asJsonObject().size() != 1
                    || !inner.asJsonObject().containsKey(kind.field())) {
                throw JsonBody.invalid("\"" + where + "\" must be {\"" + kind.field() + "\": N}");
            }
            long limit = JsonBody.integer(inner.asJsonObject().get(kind.field()), where + "." + kind.field(),
                    Long.MIN_VALUE, Long.MAX_VALUE);
            return new RetentionPolicy(kind, limit);
        }
        throw JsonBody.invalid("\"retention_policy\" must be {\"Time\": {\"retention_ms\": N}} or "
                + "{\"Size\": {\"retention_bytes\": N}}");
    }

    static JsonObject retentionJson(RetentionPolicy policy) {
        return Json.createObjectBuilder().add(policy.kind().displayName(),
                Json.createObjectBuilder().add(policy.kind().field(), policy.limit())).build();
    }

    static JsonObjectBuilder summary(TopicMetadata topic) {
        JsonArrayBuilder modules = Json.createArrayBuilder();
        topic.etlModules().forEach(modules::add);
        JsonObjectBuilder configs = Json.createObjectBuilder();
        topic.configs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> configs.add(e.getKey(), e.getValue()));
        return Json.createObjectBuilder()
                .add("name", topic.name())
                .add("topic_id", topic.topicId())
                .add("partition_count", topic.partitionCount())
                .add("replication_factor", topic.replicationFactor())
                .add("retention_policy", retentionJson(topic.retentionPolicy()))
                .add("compression", topic.compression().displayName())
                .add("etl_modules", modules)
                .add("configs", configs)
                .add("created_at", Instant.ofEpochMilli(topic.createdAtMs()).toString());
    }

    /** A partition's placement: leader, replicas, in-sync set, leader epoch, and where a move takes it. */
    static JsonObjectBuilder placement(PartitionMetadata p) {
        return Json.createObjectBuilder()
                .add("partition", p.partition())
                .add("leader", p.hasLeader() ? Json.createValue(p.leader()) : JsonValue.NULL)
                .add("replicas", Json.createArrayBuilder(p.replicas()))
                .add("isr", Json.createArrayBuilder(p.isr()))
                .add("leader_epoch", p.leaderEpoch())
                .add("target_replicas", p.isMoving() ? Json.createArrayBuilder(p.targetReplicas()).build()
                        : JsonValue.NULL);
    }

    /** The topic with its partitions: placement, and where their data is ({@code details}). */
    static JsonObject description(TopicDescription description, Function<TopicPartition, PartitionDetails> details) {
        JsonArrayBuilder partitions = Json.createArrayBuilder();
        for (PartitionMetadata p : description.partitions()) {
            PartitionDetails d = details.apply(new TopicPartition(p.topic(), p.partition()));
            partitions.add(placement(p)
                    .add("log_start_offset", d.logStartOffset())
                    .add("log_end_offset", d.logEndOffset())
                    .add("uploaded_offset", d.uploadedOffset())
                    .add("object_count", d.objectCount())
                    .add("uploaded_bytes", d.uploadedBytes())
                    .add("upload_lag_bytes", d.uploadLagBytes()));
        }
        return summary(description.topic()).add("partitions", partitions).build();
    }

    private static Map<String, String> nonNull(Map<String, String> configs) {
        configs.forEach((k, v) -> {
            if (v == null) {
                throw JsonBody.invalid("\"configs." + k + "\" must not be null when creating a topic");
            }
        });
        return configs;
    }
}
