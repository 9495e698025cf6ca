package dev.rustmq.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.testing.TestNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real in-process node reports what its clients do: records, bytes, latencies and connections. */
class DataPlaneMetricsNodeIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static final DataPlaneCounters counters = new DataPlaneCounters();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = new TestNode(dir.resolve("node"), Map.of(), counters);
        await().atMost(WAIT).until(() -> node.node.quicAddress().isPresent());
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        node.close();
    }

    private static String tcpUrl(TestNode n) {
        return "tcp://127.0.0.1:" + n.address.getPort();
    }

    private static List<Record> records(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Record(1_700_000_000_000L + i, null,
                ("value-" + i).getBytes(UTF_8), List.of())).toList();
    }

    @Test
    void countsExactlyTheRecordsProducedAndConsumedThroughAClient() {
        long producedBefore = counters.recordsProduced();
        long consumedBefore = counters.recordsFetched();
        long bytesInBefore = counters.bytesIn();
        long bytesOutBefore = counters.bytesOut();
        long producesBefore = counters.produceLatencyCount();
        try (RustMqClient client = RustMqClient.connect(tcpUrl(node))) {
            client.createTopic("counted", 1, 1);
            int[] batchSizes = {5, 1, 4};
            for (int size : batchSizes) {
                client.produce(new ProduceRequest("counted", 0, records(size), Acks.ALL, 5_000, CompressionType.LZ4));
            }
            assertThat(counters.recordsProduced() - producedBefore).as("records, not batches").isEqualTo(10);
            assertThat(counters.produceLatencyCount() - producesBefore).isEqualTo(3);

            List<Record> consumed = new ArrayList<>();
            long offset = 0;
            while (consumed.size() < 10) {
                FetchResponse fetched = client.fetch(new FetchRequest("counted", 0, offset, 1 << 20, 5_000));
                fetched.records().forEach(r -> consumed.add(r.record()));
                offset = fetched.nextOffset();
            }
            assertThat(counters.recordsFetched() - consumedBefore).isEqualTo(10);
            long bytesIn = counters.bytesIn() - bytesInBefore;
            assertThat(bytesIn).as("the three batches as sent").isPositive();
            assertThat(counters.bytesOut() - bytesOutBefore).as("the same batches, read once each").isEqualTo(bytesIn);
        }
    }

    @Test
    void tcpConnectionsOpenedAndClosedMoveTheActiveCount() throws IOException {
        LongSupplier active = () -> counters.activeConnections(Transport.TCP);
        long openedBefore = counters.connectionsOpened(Transport.TCP);
        await().atMost(WAIT).until(() -> active.getAsLong() == 0);
        try (Socket first = new Socket("127.0.0.1", node.address.getPort())) {
            await().atMost(WAIT).until(() -> active.getAsLong() == 1);
            try (Socket second = new Socket("127.0.0.1", node.address.getPort())) {
                await().atMost(WAIT).until(() -> active.getAsLong() == 2);
            }
            await().atMost(WAIT).until(() -> active.getAsLong() == 1);
        }
        await().atMost(WAIT).until(() -> active.getAsLong() == 0);
        assertThat(counters.connectionsOpened(Transport.TCP) - openedBefore).isEqualTo(2);
        assertThat(counters.activeConnections(Transport.QUIC)).isZero();
    }

    @Test
    void quicConnectionsAreCountedUnderTheirOwnTransport() {
        String url = "quic://127.0.0.1:" + node.node.quicAddress().orElseThrow().getPort();
        try (RustMqClient client = RustMqClient.connect(url, ClientOptions.defaults().insecureTrustAll())) {
            client.listTopics();
            await().atMost(WAIT).until(() -> counters.activeConnections(Transport.QUIC) == 1);
        }
        await().atMost(WAIT).until(() -> counters.activeConnections(Transport.QUIC) == 0);
        assertThat(counters.connectionsOpened(Transport.QUIC)).isEqualTo(1);
    }

    @Test
    void connectionsOverMaxConnectionsAreRejectedNotOpened() throws Exception {
        DataPlaneCounters limited = new DataPlaneCounters();
        try (TestNode small = new TestNode(dir.resolve("limited"), Map.of("network.max_connections", "1"), limited);
                Socket kept = new Socket("127.0.0.1", small.address.getPort())) {
            await().atMost(WAIT).until(() -> limited.activeConnections(Transport.TCP) == 1);
            try (Socket refused = new Socket("127.0.0.1", small.address.getPort())) {
                await().atMost(WAIT).until(() -> limited.connectionsRejected(Transport.TCP) == 1);
                // The refused socket is closed by the broker: reading sees its end.
                refused.setSoTimeout((int) WAIT.toMillis());
                assertThat(refused.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(limited.activeConnections(Transport.TCP)).isEqualTo(1);
            assertThat(limited.connectionsOpened(Transport.TCP)).isEqualTo(1);
        }
    }
}
