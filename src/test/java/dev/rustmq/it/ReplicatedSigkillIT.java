package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replication factor 3 with {@code min_in_sync_replicas = 2} against real processes
 * (docs/replication.md): a controller and three brokers, each a Liberty server on 127.0.0.1. A
 * producer sends {@code acks=all} records without pause through a client bootstrapped with the
 * three brokers (it follows each partition's leader and retries). In each round the broker leading
 * partition 0 is SIGKILLed right after records were acknowledged while more are in flight; the
 * controller elects an in-sync follower, the producer carries on there, and the killed broker
 * restarts, catches up and rejoins the in-sync set before the next round. Then, still under load,
 * partitions move through the admin API (the replication factor down and up again, one partition
 * to another broker, a leader rebalance). At the end every acknowledged record is at its offset
 * with its value, read from the leaders; then two of the three brokers are killed and an
 * {@code acks=all} write is refused with NOT_ENOUGH_REPLICAS, appending nothing.
 *
 * <p>Rounds: {@code -Drustmq.it.kills=N} (default 3 in CI; the proof is 20, see
 * docs/benchmarks.md). Each round prints how long the partition had no leader and how long until
 * the producer's records were acknowledged again.
 */
class ReplicatedSigkillIT {
    private static final int KILLS = Integer.getInteger("rustmq.it.kills", 3);
    private static final String TOPIC = "replicated";
    private static final int PARTITIONS = 2;
    private static final int ACKED_PER_ROUND = 300;

    private final List<LibertyServer> servers = new ArrayList<>();

    /** Brokers first, together (they still reach the controller while they stop), then the controller. */
    @AfterEach
    void stop() throws Exception {
        servers.subList(1, servers.size()).stream().map(s -> CompletableFuture.runAsync(() -> {
            try {
                s.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).toList().forEach(CompletableFuture::join);
        servers.get(0).stop();
    }

    @Test
    void everyAcknowledgedRecordSurvivesSigkillsOfItsLeadersBroker() throws Exception {
        int[] ports = FreePorts.take(4);
        LibertyServer controller = LibertyServer.create("rf3-controller")
                .env("RUSTMQ_ROLE", "controller")
                .env("RUSTMQ_CONTROLLER_NODE_ID", "c0")
                .env("RUSTMQ_CONTROLLER_RPC_LISTEN", "127.0.0.1:" + ports[0]);
        cluster(controller);
        servers.add(controller);
        Map<String, LibertyServer> brokers = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            LibertyServer b = LibertyServer.create("rf3-b" + i)
                    .env("RUSTMQ_ROLE", "broker")
                    .env("RUSTMQ_BROKER_ID", "b" + i)
                    .env("RUSTMQ_NETWORK_RPC_LISTEN", "127.0.0.1:" + ports[i])
                    .env("RUSTMQ_CONTROLLER_ENDPOINTS", "127.0.0.1:" + ports[0]);
            cluster(b);
            brokers.put("b" + i, b);
            servers.add(b);
        }
        for (LibertyServer s : servers) {
            s.launch();
        }
        servers.stream().map(s -> CompletableFuture.runAsync(s::awaitReady)).toList()
                .forEach(CompletableFuture::join);
        assertThat(controller.postJson("/api/v1/topics", """
                {"name":"%s","partition_count":%d,"replication_factor":3,"configs":{"min_in_sync_replicas":"2"}}
                """.formatted(TOPIC, PARTITIONS)).statusCode()).isEqualTo(201);

        String bootstrap = "tcp://" + brokers.values().stream().map(b -> "127.0.0.1:" + b.dataPort())
                .collect(Collectors.joining(","));
        AckLog acks = new AckLog(PARTITIONS);
        List<Long> leaderless = new ArrayList<>();
        List<Long> ackGaps = new ArrayList<>();
        try (ProducingLoop loop = new ProducingLoop(bootstrap, acks)) {
            for (int round = 1; round <= KILLS; round++) {
                long before = acks.count();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> acks.count() - before >= ACKED_PER_ROUND && loop.inFlight() > 0);
                String leader = leaderOf(controller, 0);
                long ackedBefore = loop.lastAckNanos(0);
                long killed = System.nanoTime();
                brokers.get(leader).kill();
                long dead = System.nanoTime(); // answers from the killed broker may still land before this
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    String now = leaderOf(controller, 0);
                    return now != null && !now.equals(leader);
                });
                leaderless.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> loop.lastAckNanos(0) > dead);
                ackGaps.add(TimeUnit.NANOSECONDS.toMillis(loop.lastAckNanos(0) - ackedBefore));
                System.out.printf("round %d: killed leader %s of %s-0; new leader %s after %d ms; acks of %s-0 "
                        + "resumed %d ms after the last one before the kill; %d records acknowledged in all%n", round,
                        leader, TOPIC, leaderOf(controller, 0), leaderless.get(round - 1), TOPIC,
                        ackGaps.get(round - 1), acks.count());
                brokers.get(leader).start();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> everyPartitionFullyInSync(controller));
            }
            movePartitionsUnderLoad(controller, brokers.keySet());
            assertThat(loop.failure()).as("the producer never gave up").isNull();
        }
        System.out.printf("%d kills: no leader for median %d ms, worst %d ms; acks resumed after median %d ms, "
                + "worst %d ms%n", KILLS, median(leaderless), Collections.max(leaderless), median(ackGaps),
                Collections.max(ackGaps));

        assertThat(acks.conflicts()).isEmpty();
        try (RustMqClient client = RustMqClient.connect(bootstrap)) {
            for (int p = 0; p < PARTITIONS; p++) {
                Map<Long, String> log = readAll(client, p);
                System.out.printf("partition %d: %d records, %d acknowledged%n", p, log.size(),
                        acks.partition(p).size());
                // The idempotent producer's retries after the kills wrote nothing twice.
                acks.checkHeldIn(p, log);
            }
            // Two of the three brokers die: once the controller has taken them out of the in-sync
            // set, an acks=all write to the survivor is refused and nothing is appended.
            String survivor = leaderOf(controller, 0);
            for (Map.Entry<String, LibertyServer> b : brokers.entrySet()) {
                if (!b.getKey().equals(survivor)) {
                    b.getValue().kill();
                }
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> partitions(controller).get(0).path("isr").size() == 1);
            long end = client.listOffsets(TOPIC, 0, OffsetSpec.LATEST);
            RustMqClientException refused = await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    client.produce(new ProduceRequest(TOPIC, 0, List.of(new Record(1_700_000_000_000L, null,
                            "too-few".getBytes(StandardCharsets.UTF_8), List.of())), Acks.ALL, 5_000,
                            CompressionType.NONE));
                    return null;
                } catch (RustMqClientException e) {
                    return e.errorCode() == ErrorCode.NOT_ENOUGH_REPLICAS ? e : null;
                }
            }, e -> e != null);
            System.out.println("two of three brokers killed: " + refused.getMessage());
            assertThat(client.listOffsets(TOPIC, 0, OffsetSpec.LATEST)).as("nothing appended").isEqualTo(end);
        }
    }

    /**
     * While the producer goes on: the topic drops to two replicas, partition 0 moves to the broker
     * that no longer holds it, leaders are rebalanced, and the topic grows back to three replicas
     * (docs/cluster.md, "Moving partitions"). The checks after the test's rounds then cover these
     * moves too: every acknowledged record held, none twice.
     */
    private static void movePartitionsUnderLoad(LibertyServer controller, java.util.Set<String> brokerIds)
            throws Exception {
        long start = System.nanoTime();
        assertThat(controller.putJson("/api/v1/topics/" + TOPIC, "{\"replication_factor\":2}").statusCode())
                .isEqualTo(200);
        awaitNoMoves(controller);
        JsonNode p0 = partitions(controller).get(0);
        assertThat(p0.path("replicas").size()).isEqualTo(2);
        String outside = brokerIds.stream().filter(b -> !p0.path("replicas").toString().contains("\"" + b + "\""))
                .findFirst().orElseThrow();
        String kept = p0.path("replicas").get(1).asText();
        assertThat(controller.postJson("/api/v1/topics/" + TOPIC + "/partitions/0/reassign",
                "{\"replicas\":[\"" + outside + "\",\"" + kept + "\"]}").statusCode()).isEqualTo(202);
        awaitNoMoves(controller);
        JsonNode moved = partitions(controller).get(0);
        assertThat(moved.path("replicas").toString()).contains(outside).contains(kept);
        HttpResponse<String> rebalance = controller.postJson("/api/v1/rebalance", "{\"strategy\":\"LEADER_COUNT\"}");
        assertThat(rebalance.statusCode()).isEqualTo(202);
        String id = Json.parse(rebalance).path("rebalance_id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(Json.parse(controller.get("/api/v1/rebalance/" + id)).path("state").asText()));
        assertThat(controller.putJson("/api/v1/topics/" + TOPIC, "{\"replication_factor\":3}").statusCode())
                .isEqualTo(200);
        awaitNoMoves(controller);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> everyPartitionFullyInSync(controller));
        System.out.printf("moves under load (factor 3 -> 2, one partition to another broker, a leader rebalance, "
                + "factor 2 -> 3): %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void awaitNoMoves(LibertyServer controller) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                Json.parse(controller.get("/api/v1/reassignments")).path("reassignments").isEmpty());
    }

    private static void cluster(LibertyServer s) {
        s.env("RUSTMQ_CONTROLLER_ELECTION_TIMEOUT_MS", "3000")
                .env("RUSTMQ_CONTROLLER_HEARTBEAT_INTERVAL_MS", "500")
                .env("RUSTMQ_REPLICATION_MIN_IN_SYNC_REPLICAS", "2")
                .env("RUSTMQ_REPLICATION_MAX_REPLICATION_LAG", "2000");
    }

    private static String leaderOf(LibertyServer controller, int partition) throws Exception {
        JsonNode p = partitions(controller).get(partition);
        return p.path("leader").isTextual() ? p.path("leader").asText() : null;
    }

    private static boolean everyPartitionFullyInSync(LibertyServer controller) throws Exception {
        for (JsonNode p : partitions(controller)) {
            if (p.path("isr").size() != 3 || !p.path("leader").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode partitions(LibertyServer controller) throws Exception {
        return Json.parse(controller.get("/api/v1/topics/" + TOPIC)).path("partitions");
    }

    private static Map<Long, String> readAll(RustMqClient client, int partition) {
        Map<Long, String> log = new HashMap<>();
        long end = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.listOffsets(TOPIC, partition, OffsetSpec.LATEST), e -> e >= 0);
        long offset = 0;
        while (offset < end) {
            long from = offset;
            FetchResponse response = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.fetch(new FetchRequest(TOPIC, partition, from, 1 << 20, 1_000)), r -> true);
            for (ConsumedRecord r : response.records()) {
                log.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                offset = r.offset() + 1;
            }
        }
        return log;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Sends records to both partitions without pause through the SDK's retrying producer. */
    private static final class ProducingLoop implements AutoCloseable {
        private static final int WINDOW = 32;

        private final Producer producer;
        private final AckLog acks;
        private final Semaphore window = new Semaphore(WINDOW);
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicLong[] lastAck = {new AtomicLong(), new AtomicLong()};
        private volatile Throwable failure;
        private final Thread thread;

        ProducingLoop(String bootstrap, AckLog acks) {
            this.acks = acks;
            this.producer = Producer.connect(bootstrap, ProducerConfig.builder().acks(Acks.ALL).lingerMs(1)
                    .maxInFlightRequestsPerConnection(1).retries(Integer.MAX_VALUE).retryBackoffMs(50)
                    .retryBackoffMaxMs(500).deliveryTimeoutMs(120_000).build());
            this.thread = new Thread(this::run, "replicated-producer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long n = 0;
            try {
                while (!closed.get()) {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    int partition = (int) (n % PARTITIONS);
                    String value = "record " + n++;
                    acks.sent(value);
                    producer.send(new ProducerRecord(TOPIC, partition, null, value.getBytes(StandardCharsets.UTF_8)))
                            .whenComplete((metadata, e) -> {
                                if (e != null) {
                                    failure = e;
                                } else {
                                    acks.acked(partition, metadata.offset(), value);
                                    lastAck[partition].set(System.nanoTime());
                                }
                                window.release();
                            });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int inFlight() {
            return WINDOW - window.availablePermits();
        }

        long lastAckNanos(int partition) {
            return lastAck[partition].get();
        }

        Throwable failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            closed.set(true);
            thread.join(10_000);
            producer.close();
        }
    }
}
