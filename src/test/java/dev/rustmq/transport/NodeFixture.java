package dev.rustmq.transport;

import dev.rustmq.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;

/** A {@link TestNode} with a plain-socket client for the transport tests. */
final class NodeFixture extends TestNode {
    NodeFixture(Path dataDir, Map<String, String> overrides) {
        super(dataDir, overrides);
    }

    TestClient connect() {
        return new TestClient(address);
    }
}
