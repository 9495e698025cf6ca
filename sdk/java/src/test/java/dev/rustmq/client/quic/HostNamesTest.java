package dev.rustmq.client.quic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNamesTest {
    @Test
    void exactNamesMatchCaseInsensitively() {
        assertThat(HostNames.matches("Broker.Example", "broker.example")).isTrue();
        assertThat(HostNames.matches("broker.example.", "broker.example")).isTrue();
        assertThat(HostNames.matches("broker.example", "other.example")).isFalse();
    }

    @Test
    void aWildcardCoversExactlyOneLeftmostLabel() {
        assertThat(HostNames.matches("*.example.com", "b1.example.com")).isTrue();
        assertThat(HostNames.matches("*.example.com", "a.b1.example.com")).isFalse();
        assertThat(HostNames.matches("*.example.com", "example.com")).isFalse();
        assertThat(HostNames.matches("*.com", "example.com")).isFalse();
    }
}
