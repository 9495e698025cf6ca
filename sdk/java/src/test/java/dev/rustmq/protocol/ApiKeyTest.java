package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    /** The ids are on the wire: this table may only ever grow. */
    @Test
    void apiIdsArePinned() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("API_VERSIONS", 0);
        expected.put("METADATA", 1);
        expected.put("PRODUCE", 2);
        expected.put("FETCH", 3);
        expected.put("LIST_OFFSETS", 4);
        expected.put("CREATE_TOPIC", 5);
        expected.put("DELETE_TOPIC", 6);
        expected.put("LIST_TOPICS", 7);
        expected.put("CONTROLLER", 8);
        expected.put("REPLICA_FETCH", 9);
        expected.put("INIT_PRODUCER_ID", 10);
        Map<String, Integer> actual = new LinkedHashMap<>();
        Arrays.stream(ApiKey.values()).forEach(k -> actual.put(k.name(), (int) k.id()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        for (ApiKey key : ApiKey.values()) {
            assertThat(ApiKey.forId(key.id())).isSameAs(key);
            assertThat(key.minVersion()).isEqualTo((short) 0);
            assertThat(key.maxVersion()).isEqualTo((short) 0);
        }
    }

    @Test
    void anUnknownKeyIsUnsupportedAndTheMessageListsTheSupportedOnes() {
        for (int id : new int[] {-1, 11, 100, Short.MAX_VALUE, Short.MIN_VALUE}) {
            assertThatThrownBy(() -> ApiKey.forId(id))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                    .hasMessageContaining("unknown api key " + id)
                    .hasMessageContaining("0 API_VERSIONS v0")
                    .hasMessageContaining("7 LIST_TOPICS v0");
        }
    }

    @Test
    void anUnknownVersionIsUnsupportedAndTheMessageNamesTheRange() {
        assertThat(ApiKey.FETCH.checkVersion(0)).isEqualTo((short) 0);
        assertThat(ApiKey.resolve(3, 0)).isEqualTo(ApiKey.FETCH);
        for (int version : new int[] {-1, 1, Short.MAX_VALUE}) {
            assertThatThrownBy(() -> ApiKey.resolve(3, version))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                    .hasMessage("FETCH version " + version + " is not supported; supported: v0");
        }
    }

    @Test
    void theHighestCommonVersionIsPicked() {
        assertThat(ApiKey.PRODUCE.highestCommonVersion(0, 5)).isEqualTo((short) 0);
        assertThatThrownBy(() -> ApiKey.PRODUCE.highestCommonVersion(1, 5))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION));
        assertThatThrownBy(() -> ApiKey.PRODUCE.highestCommonVersion(0, -1))
                .isInstanceOf(ProtocolException.class);
    }
}
