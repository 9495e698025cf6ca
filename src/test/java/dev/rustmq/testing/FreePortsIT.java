package dev.rustmq.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ports test servers get: different within one server, never repeated, free for TCP and UDP. */
class FreePortsIT {
    @Test
    void oneServersPortsDifferAndNoPortIsHandedOutTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int round = 0; round < 50; round++) {
            int[] ports = FreePorts.take(3);
            assertThat(Arrays.stream(ports).distinct()).as("round %d", round).hasSize(3);
            for (int port : ports) {
                assertThat(seen.add(port)).as("port %d handed out before", port).isTrue();
            }
        }
    }

    @Test
    void aPortCanBeBoundForTcpAndUdpAtOnce() throws Exception {
        int port = FreePorts.take();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(address)) {
            tcp.bind(address);
            assertThat(tcp.getLocalPort()).isEqualTo(port);
            assertThat(udp.getLocalPort()).isEqualTo(port);
        }
    }
}
