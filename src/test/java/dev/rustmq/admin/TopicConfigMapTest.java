package dev.rustmq.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigMapTest {

    @Test
    void anEmptyMapAndDefaultCountsGiveTheAdminApisDefaults() {
        TopicSpec spec = TopicConfigMap.spec(new CreateTopicRequest("orders", CreateTopicRequest.DEFAULT,
                CreateTopicRequest.DEFAULT, Map.of()));

        assertThat(spec).isEqualTo(new TopicSpec("orders", 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                List.of(), Map.of()));
    }

    @Test
    void readsEverySettingAndKeepsTheRestAsConfigs() {
        TopicSpec spec = TopicConfigMap.spec(new CreateTopicRequest("orders", 6, 2, Map.of(
                "compression", "lz4",
                "retention_bytes", " 1048576 ",
                "etl_modules", " pii_scrubber, ,fraud_detector ",
                "max_message_bytes", "2048",
                "segment_ms", "500")));

        assertThat(spec.partitionCount()).isEqualTo(6);
        assertThat(spec.replicationFactor()).isEqualTo(2);
        assertThat(spec.compression()).isEqualTo(CompressionType.LZ4);
        assertThat(spec.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.Kind.SIZE, 1_048_576));
        assertThat(spec.etlModules()).containsExactly("pii_scrubber", "fraud_detector");
        assertThat(spec.configs()).isEqualTo(Map.of("max_message_bytes", "2048", "segment_ms", "500"));
    }

    @Test
    void retentionByTime() {
        TopicSpec spec = TopicConfigMap.spec(new CreateTopicRequest("t", 1, 1, Map.of("retention_ms", "-1")));
        assertThat(spec.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.Kind.TIME, -1));
    }

    @Test
    void bothRetentionsAreAnInvalidConfig() {
        assertThatThrownBy(() -> TopicConfigMap.spec(new CreateTopicRequest("t", 1, 1,
                Map.of("retention_ms", "1000", "retention_bytes", "1000"))))
                .isInstanceOfSatisfying(RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("set one of retention_ms or retention_bytes, not both");
    }

    @Test
    void aRetentionThatIsNotANumberIsAnInvalidConfig() {
        assertThatThrownBy(() -> TopicConfigMap.spec(new CreateTopicRequest("t", 1, 1,
                Map.of("retention_ms", "a week"))))
                .isInstanceOfSatisfying(RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("topic config retention_ms must be an integer, got \"a week\"");
    }

    @Test
    void anUnknownCompressionIsAnInvalidConfig() {
        assertThatThrownBy(() -> TopicConfigMap.spec(new CreateTopicRequest("t", 1, 1,
                Map.of("compression", "gzip"))))
                .isInstanceOfSatisfying(RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }
}
