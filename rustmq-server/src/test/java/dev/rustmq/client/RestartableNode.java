package dev.rustmq.client;

import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MetadataStore;
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
    private final MetadataStore store = KeyValueMetadataStore.inMemory();
    private TestNode node;

    RestartableNode(Path dataDir) {
        this.dataDir = dataDir;
        start();
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    TestNode node() {
        return node;
    }

    synchronized void start() {
        if (node == null) {
            node = new TestNode(dataDir, Map.of("network.quic_listen", "127.0.0.1:" + port), store);
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
