package dev.rustmq.client;

import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.Record;
import java.util.List;

/** A fetched record with its offset. */
public record ConsumedRecord(long offset, Record record) {
    public byte[] key() {
        return record.key();
    }

    public byte[] value() {
        return record.value();
    }

    public List<Header> headers() {
        return record.headers();
    }

    public long timestamp() {
        return record.timestamp();
    }
}
