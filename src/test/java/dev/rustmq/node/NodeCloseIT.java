package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.Time;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.ControllerQuorum;
import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.storage.errors.WalStorageException;
import dev.rustmq.storage.object.ForwardingObjectStore;
import dev.rustmq.storage.object.MemoryObjectStore;
import dev.rustmq.storage.tier.TieredStorage;
import dev.rustmq.storage.wal.WriteAheadLog;
import dev.rustmq.testing.TestNode;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing a whole node is exception-safe: when one of its resources throws on close, every other
 * one is still closed, in reverse order of opening, and the failure reaches the caller. An
 * integration test because the node binds its TCP and QUIC ports.
 */
class NodeCloseIT {
    /** The resources a test can make fail: those the node opens through a factory it is given. */
    enum Failing { NONE, OBJECT_STORE, METADATA_STORE }

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<String> closed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Failing.class)
    void everyResourceIsClosedWhenOneThrows(Failing failing) {
        RuntimeException failure = new IllegalStateException(failing + " cannot close");
        RustMqConfig config = RustMqConfig.from(Map.of("network.quic_listen",
                new Setting("127.0.0.1:" + TestNode.freePort(), "test")), dir, Role.COMBINED);
        RustMqNode node = RustMqNode.start(config, Time.SYSTEM, scheduler,
                c -> metadataStore(failing == Failing.METADATA_STORE ? failure : null),
                c -> objectStore(failing == Failing.OBJECT_STORE ? failure : null), DataPlaneObserver.NOOP);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.health().network().up());
        InetSocketAddress tcp = node.tcpAddress().orElseThrow();
        WriteAheadLog wal = node.logs().orElseThrow().wal();
        TieredStorage tier = node.tieredStorage().orElseThrow();

        if (failing == Failing.NONE) {
            node.close();
        } else {
            assertThatThrownBy(node::close).isSameAs(failure);
        }

        // Opened first, closed last; the one that threw did not stop the other.
        assertThat(closed).containsExactly("object store", "metadata store");
        // Everything opened after them was closed before them.
        assertThat(node.health().network().up()).isFalse();
        assertThatThrownBy(() -> new Socket(tcp.getAddress(), tcp.getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(node.health().heartbeats().data()).containsEntry("scheduled", "false");
        assertThatThrownBy(tier::checkNow).isInstanceOf(RejectedExecutionException.class);
        assertThat(wal.append(ByteBuffer.wrap(new byte[] {1}), 0)).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(WalStorageException.class);
    }

    /** An in-memory metadata store that records its closing, and throws {@code failure} then if not null. */
    private KeyValueMetadataStore metadataStore(RuntimeException failure) {
        return new KeyValueMetadataStore(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                ControllerQuorum.single("0")) {
            {
                initialise();
            }

            @Override
            public void close() {
                closed.add("metadata store");
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    /** An in-memory object store that records its closing, and throws {@code failure} then if not null. */
    private ForwardingObjectStore objectStore(RuntimeException failure) {
        return new ForwardingObjectStore(new MemoryObjectStore()) {
            @Override
            public void close() {
                closed.add("object store");
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
