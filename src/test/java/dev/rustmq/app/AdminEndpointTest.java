package dev.rustmq.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Where the server reaches its own admin endpoint (/api/v1/metrics reads /metrics there, the start-up
 * check asks it which server answers): the configured host as something to connect to.
 */
class AdminEndpointTest {
    @Test
    void listenOnAllAddressesIsReadOverLoopback() {
        assertThat(AdminEndpoint.hostLiteral("*")).isEqualTo("127.0.0.1");
        assertThat(AdminEndpoint.hostLiteral("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(AdminEndpoint.hostLiteral("::")).isEqualTo("127.0.0.1");
        assertThat(AdminEndpoint.hostLiteral(" ")).isEqualTo("127.0.0.1");
    }

    @Test
    void aSpecificHostIsUsedAsGivenWithIpv6InBrackets() {
        assertThat(AdminEndpoint.hostLiteral("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(AdminEndpoint.hostLiteral("localhost")).isEqualTo("localhost");
        assertThat(AdminEndpoint.hostLiteral("::1")).isEqualTo("[::1]");
        assertThat(AdminEndpoint.hostLiteral("[::1]")).isEqualTo("[::1]");
        assertThat(AdminEndpoint.hostLiteral("fe80::1%eth0")).isEqualTo("[fe80::1%25eth0]");
    }

    @Test
    void pathsAreReachedOverPlainHttpWhenItIsOn() {
        assertThat(new AdminEndpoint("*", 9642).uri("/metrics?scope=application"))
                .isEqualTo(URI.create("http://127.0.0.1:9642/metrics?scope=application"));
        assertThat(new AdminEndpoint("::1", 9642).uri("/api/v1/instance"))
                .isEqualTo(URI.create("http://[::1]:9642/api/v1/instance"));
        assertThat(new AdminEndpoint("127.0.0.1", 9642).hasHttp()).isTrue();
        assertThat(new AdminEndpoint("127.0.0.1", -1).hasHttp()).as("HTTPS only").isFalse();
    }
}
