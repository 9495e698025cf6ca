package dev.rustmq.protocol.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record as producers write it and consumers read it. Key and value may be null (distinct
 * from empty); a null header list becomes empty. Arrays are not copied: do not change them after
 * handing them over. Equality compares array contents.
 */
public record Record(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    public Record {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static Record of(byte[] key, byte[] value, long timestamp) {
        return new Record(timestamp, key, value, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record other
                && timestamp == other.timestamp
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "Record[timestamp=" + timestamp + ", key=" + describe(key) + ", value=" + describe(value)
                + ", headers=" + headers + "]";
    }

    /** Sizes rather than contents: values can be megabytes of binary. */
    static String describe(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
