package dev.rustmq.api;

import dev.rustmq.controller.balance.PartitionMove;
import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.metadata.PartitionMetadata;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/** The JSON of rebalance plans and partition moves (docs/admin-api.md, "Moving partitions"). */
final class RebalanceJson {
    private RebalanceJson() {
    }

    static JsonObjectBuilder plan(RebalancePlan plan) {
        JsonArrayBuilder moves = Json.createArrayBuilder();
        plan.moves().forEach(m -> moves.add(move(m)));
        return Json.createObjectBuilder()
                .add("rebalance_id", plan.id())
                .add("strategy", plan.strategy())
                .add("topic_names", Json.createArrayBuilder(plan.topicNames()))
                .add("broker", plan.drainedBroker() == null ? JsonValue.NULL : Json.createValue(plan.drainedBroker()))
                .add("max_concurrent_moves", plan.maxConcurrentMoves())
                .add("state", plan.state())
                .add("created_at", Instant.ofEpochMilli(plan.createdAtMs()).toString())
                .add("finished_at", plan.finishedAtMs() == 0 ? JsonValue.NULL
                        : Json.createValue(Instant.ofEpochMilli(plan.finishedAtMs()).toString()))
                .add("moves_total", plan.moves().size())
                .add("moves_pending", plan.count(PartitionMove.PENDING))
                .add("moves_in_progress", plan.count(PartitionMove.MOVING))
                .add("moves_done", plan.count(PartitionMove.DONE))
                .add("moves_failed", plan.count(PartitionMove.FAILED))
                .add("moves", moves);
    }

    private static JsonObjectBuilder move(PartitionMove m) {
        return Json.createObjectBuilder()
                .add("topic", m.topic())
                .add("partition", m.partition())
                .add("kind", m.leaderOnly() ? "leader" : "replicas")
                .add("from", Json.createArrayBuilder(m.fromReplicas()))
                .add("to", Json.createArrayBuilder(m.toReplicas()))
                .add("state", m.state())
                .add("error", m.error() == null ? JsonValue.NULL : Json.createValue(m.error()))
                .add("duration_ms", m.finishedAtMs() == 0 ? JsonValue.NULL
                        : Json.createValue(m.finishedAtMs() - m.startedAtMs()));
    }

    static JsonObjectBuilder partition(PartitionMetadata p) {
        return Json.createObjectBuilder().add("topic", p.topic()).addAll(TopicJson.placement(p));
    }
}
