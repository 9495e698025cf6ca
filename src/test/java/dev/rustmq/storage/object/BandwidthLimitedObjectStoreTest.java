package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.ForwardingTime;
import dev.rustmq.common.MockTime;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The upload cap on a MockTime: puts wait their turn on a shared timeline, reads never wait. */
class BandwidthLimitedObjectStoreTest {
    private static final long MIB = 1 << 20;

    private final MockTime time = new MockTime();
    private final List<Long> slept = new CopyOnWriteArrayList<>();
    private final MemoryObjectStore objects = new MemoryObjectStore();
    private final BandwidthLimitedObjectStore store = new BandwidthLimitedObjectStore(objects, MIB,
            new ForwardingTime(time) {
                @Override
                public void sleep(long ms) {
                    slept.add(ms);
                    time.sleep(ms);
                }
            });

    @Test
    void putsBackToBackAreSpacedByTheirSizeAtTheCap() {
        store.put("a", ByteBuffer.allocate((int) MIB));
        store.put("b", ByteBuffer.allocate((int) (2 * MIB)));
        store.put("c", ByteBuffer.allocate(10));
        // a goes at once; b waits for a's second; c waits for b's two.
        assertThat(slept).containsExactly(1_000L, 2_000L);
        assertThat(objects.list("")).hasSize(3);
    }

    @Test
    void aPauseLongerThanTheBookingsLetsTheNextPutGoAtOnce() {
        store.put("a", ByteBuffer.allocate((int) MIB));
        time.sleep(5_000);
        store.put("b", ByteBuffer.allocate((int) MIB));
        assertThat(slept).isEmpty();
    }

    @Test
    void readsListsAndDeletesDoNotWait() {
        store.put("a", ByteBuffer.allocate((int) (10 * MIB)));
        store.get("a");
        store.getRange("a", 0, 10);
        store.list("");
        store.delete("a");
        assertThat(slept).isEmpty();
    }

    @Test
    void anInterruptWhileWaitingIsAPermanentFailure() {
        BandwidthLimitedObjectStore interrupted = new BandwidthLimitedObjectStore(objects, 1, new ForwardingTime(time) {
            @Override
            public void sleep(long ms) throws InterruptedException {
                throw new InterruptedException();
            }
        });
        interrupted.put("first", ByteBuffer.allocate(10));
        assertThatThrownBy(() -> interrupted.put("second", ByteBuffer.allocate(10)))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("waiting for upload bandwidth");
        assertThat(Thread.interrupted()).isTrue();
        assertThat(objects.list("")).extracting(ObjectInfo::key).containsExactly("first");
    }
}
