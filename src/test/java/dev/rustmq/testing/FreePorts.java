package dev.rustmq.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;

/**
 * Ports on 127.0.0.1 for the servers tests start: free for TCP and UDP (a node's QUIC listener
 * shares its TCP port number), all of one server taken together, and none handed out twice in
 * this JVM. Asking the OS for one port at a time and closing it at once can give the same port
 * again: a Liberty server once got one port for its admin endpoint and its data transport.
 */
public final class FreePorts {
    /** Enough tries to skip every port this JVM handed out, with room to spare. */
    private static final int MAX_TRIES = 1_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** One port; see {@link #take(int)}. */
    public static int take() {
        return take(1)[0];
    }

    /**
     * {@code count} different ports that nothing listens on right now. All are held open while
     * the next is chosen, so they differ from each other, and each is new to this JVM.
     */
    public static synchronized int[] take(int count) {
        return choose(count, 1, FreePorts::holdUdp);
    }

    /**
     * {@code count} ports each free together with the port above it (a controller's JGroups port and
     * its failure-detection port, docs/cluster.md); none of the {@code 2 * count} handed out before.
     */
    public static synchronized int[] takeWithNext(int count) {
        return choose(count, 2, (port, held) -> holdTcp(port + 1, held));
    }

    /** {@code count} TCP ports, each with its {@code span - 1} neighbours above new to this JVM and {@code alsoFree}. */
    private static int[] choose(int count, int span, BiPredicate<Integer, List<Closeable>> alsoFree) {
        List<Closeable> held = new ArrayList<>();
        int[] ports = new int[count];
        try {
            int found = 0;
            for (int tries = 0; found < count; tries++) {
                if (tries == MAX_TRIES) {
                    throw new IllegalStateException("no " + count + " free ports on 127.0.0.1 in " + MAX_TRIES
                            + " tries");
                }
                ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(tcp); // held either way, so the OS offers another port next
                int port = tcp.getLocalPort();
                if (port + span - 1 <= 65535 && IntStream.range(port, port + span).noneMatch(HANDED_OUT::contains)
                        && alsoFree.test(port, held)) {
                    ports[found++] = port;
                }
            }
            for (int port : ports) {
                IntStream.range(port, port + span).forEach(HANDED_OUT::add);
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Closeable c : held) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing a socket that was only bound: nothing to lose.
                }
            }
        }
    }

    private static boolean holdTcp(int port, List<Closeable> held) {
        try {
            ServerSocket next = new ServerSocket();
            held.add(next);
            next.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean holdUdp(int port, List<Closeable> held) {
        try {
            held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            return true;
        } catch (SocketException taken) {
            return false;
        }
    }
}
