package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.testing.FreePorts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.MERGE3;
import org.jgroups.stack.Protocol;

/**
 * Real replicated controller stores in one JVM, on 127.0.0.1: each with its own folder, JGroups
 * channel (TCPPING over the others' ports) and a DISCARD protocol above TCP that a test switches
 * on to cut that controller off from the rest. Closing it stops every store still open.
 */
final class ReplicatedControllers implements AutoCloseable {
    static final long FAILURE_TIMEOUT_MS = 2_000;

    private final Path root;
    private final int[] ports;
    private final InfinispanMetadataStore[] stores;
    private final DISCARD[] cuts;
    private long mergeIntervalMs;

    ReplicatedControllers(Path root, int voters) {
        this.root = root;
        this.ports = FreePorts.takeWithNext(voters);
        this.stores = new InfinispanMetadataStore[voters];
        this.cuts = new DISCARD[voters];
    }

    /** Controllers started from now on look for views to merge every {@code ms} or so, instead of every 1–5 s. */
    ReplicatedControllers mergeEvery(long ms) {
        this.mergeIntervalMs = ms;
        return this;
    }

    /** Starts the given controllers (all when none are given), in parallel as real ones would. */
    ReplicatedControllers start(int... which) {
        int[] indexes = which.length == 0 ? java.util.stream.IntStream.range(0, ports.length).toArray() : which;
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i : indexes) {
            starts.add(CompletableFuture.runAsync(() -> open(i)));
        }
        starts.forEach(CompletableFuture::join);
        return this;
    }

    private void open(int i) {
        try {
            List<Protocol> stack = new ArrayList<>(JGroupsChannels.protocols(spec(i)));
            DISCARD cut = new DISCARD();
            stack.add(1, cut); // right above the transport
            if (mergeIntervalMs > 0) {
                stack.stream().filter(p -> p instanceof MERGE3)
                        .forEach(p -> ((MERGE3) p).setMinInterval(mergeIntervalMs / 2).setMaxInterval(mergeIntervalMs));
            }
            cuts[i] = cut;
            JChannel channel = new JChannel(stack).name(id(i));
            stores[i] = InfinispanMetadataStore.openReplicated(root.resolve(id(i)), channel, id(i), ports.length,
                    Time.SYSTEM);
        } catch (Exception e) {
            throw new IllegalStateException("controller " + id(i) + " did not start", e);
        }
    }

    MetadataClusterSpec spec(int i) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int port : ports) {
            peers.add(InetSocketAddress.createUnresolved("127.0.0.1", port));
        }
        return new MetadataClusterSpec(id(i), "127.0.0.1", ports[i], null, peers, null, ports.length, FAILURE_TIMEOUT_MS);
    }

    static String id(int i) {
        return "c" + i;
    }

    int size() {
        return ports.length;
    }

    InfinispanMetadataStore store(int i) {
        return stores[i];
    }

    /** The index of the controller whose id is {@code id}. */
    int indexOf(String id) {
        return Integer.parseInt(id.substring(1));
    }

    /** Drops every message to and from controller {@code i} (true) or lets them through again (false). */
    void cut(int i, boolean off) {
        cuts[i].discardAll(off).setUpDiscardRate(off ? 1 : 0).setDownDiscardRate(off ? 1 : 0);
    }

    /** Stops controller {@code i} (a clean leave); it can be started again on the same folder. */
    void stop(int i) {
        stores[i].close();
        stores[i] = null;
    }

    /** The controllers that are running, by index. */
    List<Integer> running() {
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            if (stores[i] != null) {
                running.add(i);
            }
        }
        return running;
    }

    @Override
    public void close() {
        running().parallelStream().forEach(this::stop);
    }
}
