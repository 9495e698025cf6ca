package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicValidatorTest {

    private static ThrowableAssertAlternative<RustMqException> rejects(Executable action, ErrorCode code) {
        return assertThatExceptionOfType(RustMqException.class)
                .isThrownBy(action::execute)
                .satisfies(e -> assertThat(e.code()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "user-events", "a", "A.b_c-9", "...", "_internal", "-"})
    void acceptsKafkaTopicNames(String name) {
        assertThatCode(() -> TopicValidator.validateName(name)).doesNotThrowAnyException();
    }

    @Test
    void acceptsNameOfExactlyMaxLength() {
        assertThatCode(() -> TopicValidator.validateName("t".repeat(249))).doesNotThrowAnyException();
    }

    @Test
    void rejectsNameLongerThanMax() {
        rejects(() -> TopicValidator.validateName("t".repeat(250)), ErrorCode.INVALID_TOPIC_NAME)
                .withMessageContaining("250 characters").withMessageContaining("at most 249");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotAndDotDot(String name) {
        rejects(() -> TopicValidator.validateName(name), ErrorCode.INVALID_TOPIC_NAME)
                .withMessage("topic name cannot be \".\" or \"..\"");
    }

    @Test
    void rejectsEmptyAndMissingName() {
        rejects(() -> TopicValidator.validateName(""), ErrorCode.INVALID_TOPIC_NAME).withMessage("topic name is required");
        rejects(() -> TopicValidator.validateName(null), ErrorCode.INVALID_TOPIC_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a/b", "a\\b", "topic:1", "ümlaut", "tab\t", "new\nline", "a*", "a+b", "é"})
    void rejectsCharactersOutsideKafkasSet(String name) {
        rejects(() -> TopicValidator.validateName(name), ErrorCode.INVALID_TOPIC_NAME)
                .withMessageContaining("may only contain ASCII letters, digits, '.', '_' and '-'");
    }

    @Test
    void controlCharactersAreNotEchoed() {
        rejects(() -> TopicValidator.validateName("bad\u0007name"), ErrorCode.INVALID_TOPIC_NAME)
                .withMessageContaining("bad?name").withMessageNotContaining("\u0007");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 10_000})
    void acceptsPartitionCountsInBounds(int count) {
        assertThatCode(() -> TopicValidator.validatePartitionCount(count)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 10_001})
    void rejectsPartitionCountsOutOfBounds(int count) {
        rejects(() -> TopicValidator.validatePartitionCount(count), ErrorCode.INVALID_PARTITIONS)
                .withMessage("partition_count must be between 1 and 10000, got " + count);
    }

    @Test
    void replicationFactorMustBePositive() {
        rejects(() -> TopicValidator.validateReplicationFactor(0, 3), ErrorCode.INVALID_REPLICATION_FACTOR)
                .withMessage("replication_factor must be at least 1, got 0");
        rejects(() -> TopicValidator.validateReplicationFactor(-1, 3), ErrorCode.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void replicationFactorCannotExceedLiveBrokers() {
        assertThatCode(() -> TopicValidator.validateReplicationFactor(3, 3)).doesNotThrowAnyException();
        rejects(() -> TopicValidator.validateReplicationFactor(4, 3), ErrorCode.INVALID_REPLICATION_FACTOR)
                .withMessage("replication_factor 4 is larger than the number of live brokers (3)");
        rejects(() -> TopicValidator.validateReplicationFactor(1, 0), ErrorCode.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void retentionMinusOneMeansForever() {
        assertThatCode(() -> TopicValidator.validateRetention(new RetentionPolicy(RetentionPolicy.Kind.TIME, -1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> TopicValidator.validateRetention(new RetentionPolicy(RetentionPolicy.Kind.SIZE, -1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> TopicValidator.validateRetention(RetentionPolicy.DEFAULT)).doesNotThrowAnyException();
        assertThatCode(() -> TopicValidator.validateRetention(new RetentionPolicy(RetentionPolicy.Kind.SIZE, 1)))
                .doesNotThrowAnyException();
    }

    @Test
    void zeroOrNegativeRetentionIsRejectedNamingTheField() {
        rejects(() -> TopicValidator.validateRetention(new RetentionPolicy(RetentionPolicy.Kind.TIME, 0)),
                ErrorCode.INVALID_CONFIG)
                .withMessage("retention_ms must be positive, or -1 to keep data forever; got 0");
        rejects(() -> TopicValidator.validateRetention(new RetentionPolicy(RetentionPolicy.Kind.SIZE, -2)),
                ErrorCode.INVALID_CONFIG)
                .withMessageStartingWith("retention_bytes must be positive");
    }

    @Test
    void acceptsDistinctValidEtlModules() {
        assertThatCode(() -> TopicValidator.validateEtlModules(List.of("pii_scrubber", "fraud_detector")))
                .doesNotThrowAnyException();
        assertThatCode(() -> TopicValidator.validateEtlModules(List.of())).doesNotThrowAnyException();
    }

    @Test
    void rejectsBadEtlModuleNames() {
        for (String bad : Arrays.asList("", "pii scrubber", "../evil", "m".repeat(250), null)) {
            rejects(() -> TopicValidator.validateEtlModules(Arrays.asList("ok", bad)), ErrorCode.INVALID_CONFIG)
                    .withMessageStartingWith("ETL module name");
        }
    }

    @Test
    void rejectsDuplicateEtlModules() {
        rejects(() -> TopicValidator.validateEtlModules(List.of("a", "b", "a")), ErrorCode.INVALID_CONFIG)
                .withMessage("ETL module \"a\" is listed twice");
    }

    @Test
    void acceptsKnownPositiveConfigs() {
        assertThatCode(() -> TopicValidator.validateConfigs(Map.of("min_in_sync_replicas", "2",
                "max_message_bytes", "1048576", "segment_size_bytes", "1", "segment_ms", "600000")))
                .doesNotThrowAnyException();
    }

    @Test
    void nullConfigValueIsARemovalAndAllowed() {
        Map<String, String> configs = new HashMap<>();
        configs.put("segment_ms", null);
        assertThatCode(() -> TopicValidator.validateConfigs(configs)).doesNotThrowAnyException();
    }

    @Test
    void rejectsUnknownConfigName() {
        rejects(() -> TopicValidator.validateConfigs(Map.of("retention.ms", "1000")), ErrorCode.INVALID_CONFIG)
                .withMessage("unknown topic config \"retention.ms\"; known: "
                        + "[max_message_bytes, min_in_sync_replicas, segment_ms, segment_size_bytes]");
    }

    @Test
    void unknownConfigNameIsRejectedEvenForRemoval() {
        Map<String, String> configs = new HashMap<>();
        configs.put("typo", null);
        rejects(() -> TopicValidator.validateConfigs(configs), ErrorCode.INVALID_CONFIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "", "1.5", "99999999999999999999"})
    void rejectsNonPositiveOrNonIntegerConfigValues(String value) {
        rejects(() -> TopicValidator.validateConfigs(Map.of("max_message_bytes", value)), ErrorCode.INVALID_CONFIG)
                .withMessage("topic config max_message_bytes must be a positive integer, got \"" + value + "\"");
    }
}
