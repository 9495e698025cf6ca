package dev.rustmq.client.producer;

import java.util.concurrent.atomic.LongAdder;

/** The live counts behind {@link ProducerMetrics}; updated by senders and the sender thread. */
final class ProducerCounters {
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder requests = new LongAdder();

    void sent(int records) {
        sent.add(records);
    }

    void failed(int records) {
        failed.add(records);
    }

    void retried(int records) {
        retried.add(records);
    }

    void requestSent() {
        requests.increment();
    }

    ProducerMetrics snapshot() {
        return new ProducerMetrics(sent.sum(), failed.sum(), retried.sum(), requests.sum());
    }
}
