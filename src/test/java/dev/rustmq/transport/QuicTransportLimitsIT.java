package dev.rustmq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QUIC listener with configured certificate files, and its connection limit and idle timeout. */
class QuicTransportLimitsIT {
    @TempDir
    Path dir;

    private static java.net.InetSocketAddress quicAddress(NodeFixture fixture) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.node.quicAddress().isPresent());
        return fixture.node.quicAddress().orElseThrow();
    }

    @Test
    void servesWithTheConfiguredCertificateAndKey() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.builder().fqdn("localhost").build();
        try (NodeFixture fixture = new NodeFixture(dir, Map.of(
                "network.tls_cert_path", cert.certificate().getAbsolutePath(),
                "network.tls_key_path", cert.privateKey().getAbsolutePath()))) {
            try (QuicTestClient client = new QuicTestClient(quicAddress(fixture))) {
                assertThat(((ApiVersionsResponse) client.call(new ApiVersionsRequest())).errorCode())
                        .isEqualTo(ErrorCode.NONE);
            }
            assertThat(fixture.node.health().network().data())
                    .containsEntry("quic_certificate", cert.certificate().getAbsolutePath());
        } finally {
            cert.delete();
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAndIdleOnesTimeOut() throws Exception {
        try (NodeFixture fixture = new NodeFixture(dir, Map.of("network.max_connections", "1",
                "network.connection_timeout_ms", "1500"))) {
            java.net.InetSocketAddress quic = quicAddress(fixture);
            try (QuicTestClient first = new QuicTestClient(quic)) {
                assertThat(((ApiVersionsResponse) first.call(new ApiVersionsRequest())).errorCode())
                        .isEqualTo(ErrorCode.NONE);
                try (QuicTestClient second = tryConnect(quic)) {
                    if (second != null) {
                        await().atMost(Duration.ofSeconds(10)).until(() -> !second.isOpen());
                    }
                }
                assertThat(fixture.node.health().network().data()).containsEntry("quic_connections", "1");
                // The first connection goes idle and the broker closes it after connection_timeout_ms.
                await().atMost(Duration.ofSeconds(15)).until(() -> !first.isOpen());
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "0".equals(fixture.node.health().network().data().get("quic_connections")));
            try (QuicTestClient again = new QuicTestClient(quic)) {
                assertThat(((ApiVersionsResponse) again.call(new ApiVersionsRequest())).errorCode())
                        .isEqualTo(ErrorCode.NONE);
            }
        }
    }

    /** A connection the broker may refuse during or right after the handshake; null if it failed at once. */
    private static QuicTestClient tryConnect(java.net.InetSocketAddress quic) {
        try {
            return new QuicTestClient(quic);
        } catch (Exception e) {
            return null;
        }
    }
}
