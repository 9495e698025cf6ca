package dev.rustmq.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header. The key is required; the value may be null. The value array is not copied:
 * do not change it after handing it over.
 */
public record Header(String key, byte[] value) {
    public Header {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[key=" + key + ", value=" + Record.describe(value) + "]";
    }
}
