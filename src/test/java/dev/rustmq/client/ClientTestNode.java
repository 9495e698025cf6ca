package dev.rustmq.client;

import static org.awaitility.Awaitility.await;

import dev.rustmq.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A {@link TestNode} with both listeners up, addressed by client URLs. */
final class ClientTestNode extends TestNode {
    ClientTestNode(Path dataDir) {
        this(dataDir, Map.of());
    }

    ClientTestNode(Path dataDir, Map<String, String> extra) {
        super(dataDir, extra);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.quicAddress().isPresent());
    }

    String url() {
        return "tcp://127.0.0.1:" + address.getPort();
    }

    /** QUIC on the same port as TCP. */
    String quicUrl() {
        return "quic://127.0.0.1:" + node.quicAddress().orElseThrow().getPort();
    }
}
