package dev.rustmq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined produces to one partition over QUIC are appended in the order they were sent,
 * although QUIC streams are independent (a large request on one stream finishes after a small
 * one sent later on another).
 */
class QuicProduceOrderIT {
    @TempDir
    static Path dir;
    static ClientTestNode node;

    @BeforeAll
    static void startNode() {
        node = new ClientTestNode(dir);
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        node.close();
    }

    @Test
    void pipelinedProducesToOnePartitionKeepTheirOrder() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), ClientOptions.defaults().insecureTrustAll())) {
            client.createTopic("q-order", 2, 1);
            List<CompletableFuture<ProduceResponse>> sent = new ArrayList<>();
            int requests = 60;
            for (int i = 0; i < requests; i++) {
                // Every third request is large (many packets), the others one record of a few bytes.
                int size = i % 3 == 0 ? 600_000 : 10;
                Record record = new Record(i, null, (i + ":" + "x".repeat(size)).getBytes(UTF_8), List.of());
                sent.add(client.produceAsync(new ProduceRequest("q-order", i % 2, List.of(record), Acks.LEADER,
                        10_000)));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();

            for (int p = 0; p < 2; p++) {
                List<Integer> order = new ArrayList<>();
                long offset = 0;
                while (order.size() < requests / 2) {
                    FetchResponse fetched = client.fetch(new FetchRequest("q-order", p, offset, 4 << 20, 1_000));
                    for (ConsumedRecord r : fetched.records()) {
                        String value = new String(r.value(), UTF_8);
                        order.add(Integer.parseInt(value.substring(0, value.indexOf(':'))));
                    }
                    offset = fetched.nextOffset();
                }
                assertThat(order).as("partition %d in send order", p).isSorted();
                // Each produce's acknowledged offset is its place in that order.
                for (int i = p; i < requests; i += 2) {
                    assertThat(sent.get(i).join().baseOffset()).isEqualTo(order.indexOf(i));
                }
            }
        }
    }

    @Test
    void aFailedProduceDoesNotHoldUpTheNextOneForItsPartition() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), ClientOptions.defaults().insecureTrustAll())) {
            client.createTopic("q-order-fail", 1, 1);
            Record record = new Record(1, null, "v".getBytes(UTF_8), List.of());
            CompletableFuture<ProduceResponse> bad = client.produceAsync(new ProduceRequest("q-order-fail", 7,
                    List.of(record), Acks.LEADER, 5_000));
            CompletableFuture<ProduceResponse> good = client.produceAsync(new ProduceRequest("q-order-fail", 0,
                    List.of(record), Acks.LEADER, 5_000));
            CompletableFuture<ProduceResponse> after = client.produceAsync(new ProduceRequest("no-such-topic", 0,
                    List.of(record), Acks.LEADER, 5_000));
            CompletableFuture<ProduceResponse> last = client.produceAsync(new ProduceRequest("q-order-fail", 0,
                    List.of(record), Acks.LEADER, 5_000));
            assertThat(good.orTimeout(30, TimeUnit.SECONDS).join().baseOffset()).isZero();
            assertThat(last.orTimeout(30, TimeUnit.SECONDS).join().baseOffset()).isEqualTo(1);
            assertThat(bad).isCompletedExceptionally();
            assertThat(after.handle((r, e) -> e).join()).isNotNull();
        }
    }
}
