package dev.rustmq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerConfigTest {
    @Test
    void defaultsAreKafkas() {
        ProducerConfig c = ProducerConfig.defaults();
        assertThat(c.lingerMs()).isEqualTo(5);
        assertThat(c.batchSize()).isEqualTo(16_384);
        assertThat(c.maxInFlightRequestsPerConnection()).isEqualTo(5);
        assertThat(c.retries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.retryBackoffMs()).isEqualTo(100);
        assertThat(c.retryBackoffMaxMs()).isEqualTo(1_000);
        assertThat(c.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(c.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(c.acks()).isEqualTo(Acks.ALL);
        assertThat(c.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(c.bufferMemory()).isEqualTo(33_554_432L);
        assertThat(c.maxBlockMs()).isEqualTo(60_000);
        assertThat(c.maxRequestSize()).isEqualTo(1_048_576);
        assertThat(c.metadataMaxAgeMs()).isEqualTo(300_000);
    }

    @Test
    void propertiesSetTheirSettingsAndLeaveTheRestAtDefaults() {
        ProducerConfig c = ProducerConfig.fromProperties(Map.ofEntries(
                Map.entry("linger.ms", "20"), Map.entry("batch.size", " 65536 "),
                Map.entry("max.in.flight.requests.per.connection", "1"), Map.entry("retries", "3"),
                Map.entry("retry.backoff.ms", "10"), Map.entry("retry.backoff.max.ms", "50"),
                Map.entry("delivery.timeout.ms", "60000"), Map.entry("request.timeout.ms", "5000"),
                Map.entry("acks", "1"), Map.entry("compression.type", "ZSTD"), Map.entry("buffer.memory", "1048576"),
                Map.entry("max.block.ms", "0"), Map.entry("max.request.size", "2097152"),
                Map.entry("metadata.max.age.ms", "1000"),
                Map.entry("bootstrap.servers", "ignored:9092"), Map.entry("client.id", "ignored"),
                Map.entry("key.serializer", "ignored"), Map.entry("value.serializer", "ignored"),
                Map.entry("enable.idempotence", "false")));
        assertThat(c).isEqualTo(ProducerConfig.builder().lingerMs(20).batchSize(65_536)
                .maxInFlightRequestsPerConnection(1).retries(3).retryBackoffMs(10).retryBackoffMaxMs(50)
                .deliveryTimeoutMs(60_000).requestTimeoutMs(5_000).acks(Acks.LEADER)
                .compressionType(CompressionType.ZSTD).bufferMemory(1_048_576).maxBlockMs(0)
                .maxRequestSize(2_097_152).metadataMaxAgeMs(1_000).build());
        assertThat(ProducerConfig.fromProperties(Map.of())).isEqualTo(ProducerConfig.defaults());
    }

    @Test
    void idempotenceIsOnByDefaultWhereverTheOtherSettingsAllowItAndExplicitlyOnlyThere() {
        assertThat(ProducerConfig.defaults().enableIdempotence()).isTrue();
        assertThat(ProducerConfig.builder().acks(Acks.LEADER).build().enableIdempotence()).isFalse();
        assertThat(ProducerConfig.builder().maxInFlightRequestsPerConnection(6).build().enableIdempotence()).isFalse();
        assertThat(ProducerConfig.builder().retries(0).build().enableIdempotence()).isFalse();
        assertThatThrownBy(() -> ProducerConfig.fromProperties(Map.of("enable.idempotence", "true", "acks", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enable.idempotence=true needs acks=all (got LEADER)");
        assertThat(ProducerConfig.fromProperties(Map.of("enable.idempotence", "false")).enableIdempotence()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"all, ALL", "-1, ALL", "1, LEADER", "leader, LEADER", "0, NONE", "none, NONE"})
    void acksTakesKafkasSpellings(String value, Acks expected) {
        assertThat(ProducerConfig.fromProperties(Map.of("acks", value)).acks()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "linger.ms | -1 | linger.ms must be >= 0, got -1",
            "linger.ms | soon | linger.ms: 'soon' is not a whole number",
            "batch.size | 99999999999 | batch.size: '99999999999' is out of range for an int",
            "max.in.flight.requests.per.connection | 0 | max.in.flight.requests.per.connection must be >= 1, got 0",
            "retries | -2 | retries must be >= 0, got -2",
            "acks | 2 | acks: '2' is not one of all, -1, 1, 0",
            "compression.type | gzip | compression.type: 'gzip' is not supported by RustMQ batches; use none, lz4 or zstd",
            "compression.type | brotli | compression.type: 'brotli' is not one of none, lz4, zstd",
            "buffer.memory | 0 | buffer.memory must be >= 1, got 0",
            "delivery.timeout.ms | 1000 | delivery.timeout.ms should be equal to or larger than linger.ms + "
                    + "request.timeout.ms (5 + 30000), got 1000",
            "enable.idempotence | maybe | enable.idempotence: 'maybe' is not true or false",
            "partitioner.class | x.Y | unknown producer property 'partitioner.class'; known: ["})
    void badPropertiesNameTheKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> ProducerConfig.fromProperties(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void anUnsetDeliveryTimeoutGrowsToLingerPlusRequestTimeoutAsInKafka() {
        ProducerConfig c = ProducerConfig.fromProperties(Map.of("request.timeout.ms", "200000", "linger.ms", "100"));
        assertThat(c.deliveryTimeoutMs()).isEqualTo(200_100);
        assertThatThrownBy(() -> ProducerConfig.fromProperties(Map.of("request.timeout.ms", "200000",
                "delivery.timeout.ms", "120000"))).hasMessageContaining("delivery.timeout.ms should be");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ProducerConfig c = ProducerConfig.builder().lingerMs(1).batchSize(2).acks(Acks.NONE).deliveryTimeoutMs(200_000)
                .build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }
}
