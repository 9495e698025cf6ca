package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.ErrorCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ErrorCodeWireIdTest {

    /** Wire ids are forever: this table may only grow. Renumbering a code breaks every deployed client. */
    @Test
    void wireIdsArePinned() {
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("UNKNOWN_SERVER_ERROR", -1),
                Map.entry("NONE", 0),
                Map.entry("INVALID_REQUEST", 1),
                Map.entry("UNSUPPORTED_VERSION", 2),
                Map.entry("CORRUPT_MESSAGE", 3),
                Map.entry("RECORD_TOO_LARGE", 4),
                Map.entry("UNKNOWN_TOPIC_OR_PARTITION", 5),
                Map.entry("NOT_LEADER", 6),
                Map.entry("LEADER_NOT_AVAILABLE", 7),
                Map.entry("NOT_ENOUGH_REPLICAS", 8),
                Map.entry("REQUEST_TIMED_OUT", 9),
                Map.entry("OFFSET_OUT_OF_RANGE", 10),
                Map.entry("STORAGE_ERROR", 11),
                Map.entry("WAL_FULL", 12),
                Map.entry("INVALID_TOPIC_NAME", 13),
                Map.entry("INVALID_PARTITIONS", 14),
                Map.entry("INVALID_REPLICATION_FACTOR", 15),
                Map.entry("INVALID_CONFIG", 16),
                Map.entry("TOPIC_ALREADY_EXISTS", 17),
                Map.entry("NOT_CONTROLLER", 18),
                Map.entry("METADATA_STORE_UNAVAILABLE", 19),
                Map.entry("INTERNAL_ERROR", 20),
                Map.entry("NOT_FOUND", 21),
                Map.entry("METHOD_NOT_ALLOWED", 22),
                Map.entry("UNSUPPORTED_MEDIA_TYPE", 23),
                Map.entry("NOT_ENOUGH_REPLICAS_AFTER_APPEND", 24),
                Map.entry("FENCED_LEADER_EPOCH", 25),
                Map.entry("UNKNOWN_LEADER_EPOCH", 26),
                Map.entry("INVALID_PRODUCER_EPOCH", 27),
                Map.entry("OUT_OF_ORDER_SEQUENCE_NUMBER", 28), Map.entry("REBALANCE_IN_PROGRESS", 29)));
        Map<String, Integer> actual = new TreeMap<>();
        Arrays.stream(ErrorCode.values()).forEach(c -> actual.put(c.name(), (int) c.wireId()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyCodeRoundTripsThroughItsWireId() {
        Set<Short> seen = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(seen.add(code.wireId())).as("%s has a unique wire id", code).isTrue();
            assertThat(ErrorCode.forWireId(code.wireId())).isSameAs(code);
        }
    }

    @Test
    void anIdThisReaderDoesNotKnowIsAnUnknownServerError() {
        for (int id : new int[] {-2, 30, 999, Short.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(ErrorCode.forWireId(id)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        }
    }

    @Test
    void retryAdviceMatchesTheDocumentedClientActions() {
        assertThat(ErrorCode.NOT_LEADER.retriable()).isTrue();
        assertThat(ErrorCode.NOT_LEADER.invalidatesMetadata()).isTrue();
        assertThat(ErrorCode.NOT_ENOUGH_REPLICAS.retriable()).isTrue();
        assertThat(ErrorCode.NOT_ENOUGH_REPLICAS.invalidatesMetadata()).isFalse();
        assertThat(ErrorCode.RECORD_TOO_LARGE.retriable()).isFalse();
        assertThat(ErrorCode.INVALID_REQUEST.retriable()).isFalse();
        assertThat(ErrorCode.UNSUPPORTED_VERSION.retriable()).isFalse();
        assertThat(ErrorCode.OFFSET_OUT_OF_RANGE.retriable()).isFalse();
    }
}
