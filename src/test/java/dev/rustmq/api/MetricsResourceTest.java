package dev.rustmq.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where /api/v1/metrics reads /metrics from: the admin endpoint's host, as something to connect to. */
class MetricsResourceTest {
    @Test
    void listenOnAllAddressesIsReadOverLoopback() {
        assertThat(MetricsResource.hostLiteral("*")).isEqualTo("127.0.0.1");
        assertThat(MetricsResource.hostLiteral("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(MetricsResource.hostLiteral("::")).isEqualTo("127.0.0.1");
        assertThat(MetricsResource.hostLiteral(" ")).isEqualTo("127.0.0.1");
    }

    @Test
    void aSpecificHostIsUsedAsGivenWithIpv6InBrackets() {
        assertThat(MetricsResource.hostLiteral("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(MetricsResource.hostLiteral("localhost")).isEqualTo("localhost");
        assertThat(MetricsResource.hostLiteral("::1")).isEqualTo("[::1]");
        assertThat(MetricsResource.hostLiteral("[::1]")).isEqualTo("[::1]");
        assertThat(MetricsResource.hostLiteral("fe80::1%eth0")).isEqualTo("[fe80::1%25eth0]");
    }
}
