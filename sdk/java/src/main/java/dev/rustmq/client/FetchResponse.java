package dev.rustmq.client;

import java.util.List;

/**
 * The records from the fetch offset on (none if nothing arrived within the long poll), with the
 * partition's high watermark and log start offset.
 */
public record FetchResponse(List<ConsumedRecord> records, long highWatermark, long logStartOffset, long fetchOffset) {
    public FetchResponse {
        records = List.copyOf(records);
    }

    /** The offset to fetch from next: after the last record, or the same offset if there was none. */
    public long nextOffset() {
        return records.isEmpty() ? fetchOffset : records.get(records.size() - 1).offset() + 1;
    }
}
