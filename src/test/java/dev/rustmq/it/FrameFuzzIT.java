package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real server under bad input: each TCP connection gets garbage, cut, corrupted or oversized
 * frames and must get back only well-formed frames and then be closed; junk datagrams hit the
 * QUIC port. Meanwhile well-behaved clients on their own connections keep being served. (The
 * in-process TcpTransportRobustnessIT and ProtocolFuzzTest cover fixed cases and the codecs.)
 */
class FrameFuzzIT {
    /** Fixed so a failure replays; -Drustmq.fuzz.seed=N for another run. */
    private static final long SEED = Long.getLong("rustmq.fuzz.seed", 20261126L);
    private static final int CONNECTIONS = 1_000;
    /** How long a bad connection may stay neither answered nor closed: a hang, not a slow answer. */
    private static final int READ_TIMEOUT_MS = 15_000;

    static LibertyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LibertyServer.create("fuzz").start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void badTcpFramesCostOnlyTheirOwnConnection() throws Exception {
        Random random = new Random(SEED);
        try (RustMqClient good = RustMqClient.connect("tcp://127.0.0.1:" + server.dataPort())) {
            good.createTopic("fuzz-good", 1, 1);
            // The bad frames aim at their own topic: a corrupted produce may still be a valid one.
            good.createTopic("fuzz-target", 1, 1);
            for (int i = 0; i < CONNECTIONS; i++) {
                BadFrames.Case bad = BadFrames.next(random, "fuzz-target");
                String what = "seed " + SEED + ", connection " + i + " (" + bad.kind() + ")";
                Answer answer = sendAndReadToClose(bad.bytes(), what);
                FrameDecoder<?> decoder = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES);
                assertThatCode(() -> decoder.decodeAll(ByteBuffer.wrap(answer.bytes())))
                        .as(what + ": answered with frames").doesNotThrowAnyException();
                if (!answer.reset()) {
                    assertThat(decoder.isBetweenFrames()).as(what + ": no frame cut short").isTrue();
                }
                if (i % 10 == 0) {
                    assertServed(good, "fuzz-good", "after " + what);
                }
            }
            assertServed(good, "fuzz-good", "at the end");
        }
        assertThat(server.get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void junkDatagramsOnTheQuicPortDoNotDisturbQuicClients() throws Exception {
        Random random = new Random(SEED);
        String url = "quic://127.0.0.1:" + server.dataPort();
        ClientOptions trustAll = ClientOptions.defaults().insecureTrustAll();
        try (RustMqClient before = RustMqClient.connect(url, trustAll);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            before.createTopic("fuzz-quic", 1, 1);
            assertServed(before, "fuzz-quic", "before the junk");
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.dataPort());
            for (int i = 0; i < 500; i++) {
                byte[] junk = BadFrames.bytes(random, 1 + random.nextInt(1_400));
                if (i % 2 == 0) {
                    junk[0] = (byte) (0xc0 | junk[0]); // a QUIC long header (Initial, Handshake, ...) of garbage
                }
                udp.send(new DatagramPacket(junk, junk.length, target));
            }
            assertServed(before, "fuzz-quic", "after the junk, on a connection opened before");
            try (RustMqClient after = RustMqClient.connect(url, trustAll)) {
                assertServed(after, "fuzz-quic", "on a connection opened after the junk");
            }
        }
    }

    /** Produces one record and reads it back at the offset it got. */
    private static void assertServed(RustMqClient client, String topic, String when) {
        String value = "served " + when;
        long offset = client.produce(new ProduceRequest(topic, 0,
                List.of(Record.of(null, value.getBytes(StandardCharsets.UTF_8), 1L)), Acks.ALL, 10_000)).baseOffset();
        FetchResponse fetched = client.fetch(new FetchRequest(topic, 0, offset, 1 << 16, 5_000));
        assertThat(fetched.records()).as("fetch " + when).isNotEmpty();
        assertThat(new String(fetched.records().get(0).value(), StandardCharsets.UTF_8)).isEqualTo(value);
    }

    /** What the broker sent before it closed; {@code reset}: it reset the connection, so the tail may be lost. */
    record Answer(byte[] bytes, boolean reset) {
    }

    /** Writes {@code bytes}, ends the output and reads until the broker closes. */
    private static Answer sendAndReadToClose(byte[] bytes, String what) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.dataPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The broker may close as soon as it has seen enough (a bad length prefix): still read what it sent.
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(what + ": neither answered and closed within " + READ_TIMEOUT_MS + " ms", e);
        } catch (SocketException e) {
            return new Answer(answer.toByteArray(), true);
        }
        return new Answer(answer.toByteArray(), false);
    }
}
