package dev.rustmq.client;

import static org.awaitility.Awaitility.await;

import dev.rustmq.common.Time;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.node.RustMqNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A real combined node with the TCP and QUIC transports on a free 127.0.0.1 port, for client tests. */
final class ClientTestNode implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final RustMqNode node;
    final InetSocketAddress address;

    ClientTestNode(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** {@code extra}: more settings ("section.key" to value), e.g. the QUIC certificate files. */
    ClientTestNode(Path dataDir, Map<String, String> extra) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("network.quic_listen", new Setting("127.0.0.1:" + freePort(), "test"));
        settings.put("wal.fsync_on_write", new Setting("false", "test"));
        settings.put("wal.segment_size_bytes", new Setting(Long.toString(64L << 20), "test"));
        settings.put("wal.capacity_bytes", new Setting(Long.toString(256L << 20), "test"));
        extra.forEach((key, value) -> settings.put(key, new Setting(value, "test")));
        RustMqConfig config = RustMqConfig.from(settings, dataDir, Role.COMBINED);
        node = RustMqNode.start(config, Time.SYSTEM, scheduler, c -> KeyValueMetadataStore.inMemory());
        await().atMost(Duration.ofSeconds(10)).until(() -> node.tcpAddress().isPresent());
        address = node.tcpAddress().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.quicAddress().isPresent());
    }

    String url() {
        return "tcp://127.0.0.1:" + address.getPort();
    }

    /** QUIC on the same port as TCP. */
    String quicUrl() {
        return "quic://127.0.0.1:" + node.quicAddress().orElseThrow().getPort();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
