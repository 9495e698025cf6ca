package dev.rustmq.client;

import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link TestNode} that can be stopped and started again on the same port, data directory and
 * metadata store: a broker restart as a client sees it.
 */
final class RestartableNode implements AutoCloseable {
    private final Path dataDir;
    private final int port = TestNode.freePort();
    private final MetadataStore store = new MemoryMetadataStore();
    private final Map<String, String> overrides;
    private final ObjectStore objects;
    private TestNode node;

    RestartableNode(Path dataDir) {
        this(dataDir, Map.of(), null);
    }

    /** A node with more settings and tiered storage on {@code objects} (null: none), which outlive restarts. */
    RestartableNode(Path dataDir, Map<String, String> overrides, ObjectStore objects) {
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.objects = objects;
        start();
    }

    MetadataStore metadataStore() {
        return store;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    TestNode node() {
        return node;
    }

    synchronized void start() {
        if (node == null) {
            Map<String, String> settings = new java.util.HashMap<>(overrides);
            settings.put("network.quic_listen", "127.0.0.1:" + port);
            node = new TestNode(dataDir, settings, store, objects);
        }
    }

    synchronized void stop() throws InterruptedException {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
