package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server whose admin port another process holds says so and exits, instead of running with its
 * data port up and no admin API, health or metrics of its own.
 */
class AdminPortTakenIT {
    /** StartupFailure's exit status (EX_CONFIG). */
    private static final int EXIT_CONFIG = 78;
    private static final long CHECK_TIMEOUT_MS = 10_000;

    @Test
    void aServerWhoseAdminPortIsTakenNamesThePortAndExits() throws Exception {
        // Accepts connections (the kernel's backlog) and never answers: the worst case for the check.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            LibertyServer server = LibertyServer.create("admin-port-taken").adminPort(port)
                    .env("RUSTMQ_ADMIN_CHECK_TIMEOUT_MS", Long.toString(CHECK_TIMEOUT_MS));
            try {
                server.launch();
                // Liberty's start-up plus the check's time-out, with a wide margin for a slow machine.
                assertThat(server.awaitExit(Duration.ofSeconds(120).plusMillis(CHECK_TIMEOUT_MS)))
                        .as("exit status").isEqualTo(EXIT_CONFIG);
            } finally {
                server.kill();
            }
            String console = server.consoleText();
            assertThat(console).as("Liberty's own message").contains("CWWKO0221E");
            assertThat(console).as("the server's reason to stop")
                    .contains("RustMQ stops: its admin HTTP endpoint http://127.0.0.1:" + port + " ")
                    .contains("not served by this server after " + CHECK_TIMEOUT_MS + " ms")
                    .contains("could not bind port " + port + " (CWWKO0221E above)");
        }
    }
}
