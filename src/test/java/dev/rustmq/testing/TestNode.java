package dev.rustmq.testing;

import static org.awaitility.Awaitility.await;

import dev.rustmq.common.Time;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.node.RustMqNode;
import dev.rustmq.storage.object.ObjectStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real combined node (file WAL without fsync, in-memory metadata store) with its TCP and QUIC
 * listeners on a free 127.0.0.1 port, for in-process transport, client and CLI tests.
 */
public class TestNode implements AutoCloseable {
    public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    public final RustMqNode node;
    public final InetSocketAddress address;

    /** {@code overrides}: more settings ("section.key" to value). */
    public TestNode(Path dataDir, Map<String, String> overrides) {
        this(dataDir, overrides, new MemoryMetadataStore(), DataPlaneObserver.NOOP);
    }

    /** A node reporting produce, fetch and connection events to {@code observer}. */
    public TestNode(Path dataDir, Map<String, String> overrides, DataPlaneObserver observer) {
        this(dataDir, overrides, new MemoryMetadataStore(), observer);
    }

    /**
     * A node on {@code store}: pass the store of a node closed before, with its data directory and
     * {@code network.quic_listen}, to restart that node (the in-memory store outlives its node).
     */
    public TestNode(Path dataDir, Map<String, String> overrides, MetadataStore store) {
        this(dataDir, overrides, store, null, DataPlaneObserver.NOOP);
    }

    /**
     * A node with tiered storage on {@code objects} (null: none). Pass the metadata store and the
     * object store of a node closed before to restart it, also after wiping its data folder.
     */
    public TestNode(Path dataDir, Map<String, String> overrides, MetadataStore store, ObjectStore objects) {
        this(dataDir, overrides, store, objects, DataPlaneObserver.NOOP);
    }

    private TestNode(Path dataDir, Map<String, String> overrides, MetadataStore store, DataPlaneObserver observer) {
        this(dataDir, overrides, store, null, observer);
    }

    /** A node with tiered storage on {@code objects} (null: none), reporting to {@code observer}. */
    public TestNode(Path dataDir, Map<String, String> overrides, MetadataStore store, ObjectStore objects,
                    DataPlaneObserver observer) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("network.quic_listen", new Setting("127.0.0.1:" + freePort(), "test"));
        settings.put("wal.fsync_on_write", new Setting("false", "test"));
        settings.put("wal.segment_size_bytes", new Setting(Long.toString(64L << 20), "test"));
        settings.put("wal.capacity_bytes", new Setting(Long.toString(256L << 20), "test"));
        overrides.forEach((k, v) -> settings.put(k, new Setting(v, "test")));
        RustMqConfig config = RustMqConfig.from(settings, dataDir, Role.COMBINED);
        node = RustMqNode.start(config, Time.SYSTEM, scheduler, c -> store,
                objects == null ? null : c -> new UnclosedObjectStore(objects), observer);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.tcpAddress().isPresent());
        address = node.tcpAddress().orElseThrow();
    }

    /** The test's object store, kept open when the node closes (it outlives the node, like a bucket). */
    private static final class UnclosedObjectStore extends dev.rustmq.storage.object.ForwardingObjectStore {
        UnclosedObjectStore(ObjectStore store) {
            super(store);
        }

        @Override
        public void close() {
        }
    }

    /** A port on 127.0.0.1 that nothing listens on right now, new to this JVM ({@link FreePorts}). */
    public static int freePort() {
        return FreePorts.take();
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
