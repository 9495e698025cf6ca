package dev.rustmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class BootstrapAddressesTest {
    @Test
    void aListSharesItsSchemeAndDefaultsThePort() {
        BootstrapAddresses b = BootstrapAddresses.parse("tcp://127.0.0.1:9000, 127.0.0.2 ,tcp://127.0.0.3:9001");
        assertThat(b.scheme()).isEqualTo("tcp");
        assertThat(b.quic()).isFalse();
        assertThat(b.addresses()).containsExactly(new InetSocketAddress("127.0.0.1", 9000),
                new InetSocketAddress("127.0.0.2", 9092), new InetSocketAddress("127.0.0.3", 9001));
        assertThat(BootstrapAddresses.parse("QUIC://127.0.0.1").quic()).isTrue();
    }

    @Test
    void mixedSchemesAndBadEntriesAreRefusedNamingTheList() {
        assertThatThrownBy(() -> BootstrapAddresses.parse("tcp://127.0.0.1,quic://127.0.0.2"))
                .hasMessage("one scheme for all brokers in tcp://127.0.0.1,quic://127.0.0.2: tcp and quic");
        assertThatThrownBy(() -> BootstrapAddresses.parse("tcp://127.0.0.1,,127.0.0.2")).hasMessage("empty broker address in tcp://127.0.0.1,,127.0.0.2");
        assertThatThrownBy(() -> BootstrapAddresses.parse("127.0.0.1:9092")).hasMessageContaining("not a broker URL");
        assertThatThrownBy(() -> BootstrapAddresses.parse("http://127.0.0.1")).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> BootstrapAddresses.parse("tcp://127.0.0.1/path")).hasMessageContaining("no path or query");
    }
}
