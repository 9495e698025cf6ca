package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
    @Test
    void parsesHostAndPort() {
        assertThat(HostPort.parse("0.0.0.0:9092")).isEqualTo(new HostPort("0.0.0.0", 9092));
        assertThat(HostPort.parse("rustmq-controller:9094")).isEqualTo(new HostPort("rustmq-controller", 9094));
        assertThat(HostPort.parse("localhost:0").port()).isZero();
        assertThat(HostPort.parse("h:65535").port()).isEqualTo(65535);
    }

    @Test
    void bracketedIpv6RoundTrips() {
        HostPort hp = HostPort.parse("[::1]:9642");
        assertThat(hp).isEqualTo(new HostPort("::1", 9642));
        assertThat(hp.toString()).isEqualTo("[::1]:9642");
        assertThat(new HostPort("10.0.0.1", 9093).toString()).isEqualTo("10.0.0.1:9093");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", "host:", ":9092", "[]:9092", "host:x", "host:65536", "host:-5", " :9092"})
    void rejectsMalformedAddresses(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining(text);
    }
}
