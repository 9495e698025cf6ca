package dev.rustmq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferMemoryTest {
    private final MockTime time = new MockTime();
    private final BufferMemory memory = new BufferMemory(1_000, time);

    /** Reserves on another thread, as a blocked {@code send} would. */
    private CompletableFuture<Void> reserveAsync(long bytes, long maxBlockMs) {
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        return CompletableFuture.runAsync(() -> {
            try {
                memory.reserve(bytes, deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void reservesWhatIsFreeWithoutWaiting() throws InterruptedException {
        memory.reserve(600, time.nanoseconds());
        memory.reserve(400, time.nanoseconds());
        assertThat(memory.available()).isZero();
        memory.release(1_000);
        assertThat(memory.available()).isEqualTo(1_000);
    }

    @Test
    void aReserveBlocksUntilEnoughIsReleased() throws InterruptedException {
        memory.reserve(900, time.nanoseconds());
        CompletableFuture<Void> blocked = reserveAsync(500, 60_000);
        await().atMost(Duration.ofSeconds(10)).until(memory::hasWaiters);
        memory.release(300);
        assertThat(blocked).isNotDone(); // 400 free, 500 wanted
        memory.release(100);
        await().atMost(Duration.ofSeconds(10)).until(blocked::isDone);
        assertThat(blocked).isCompleted();
        assertThat(memory.available()).isZero();
    }

    @Test
    void aReserveFailsWithBufferExhaustedOnceMaxBlockHasPassed() throws InterruptedException {
        memory.reserve(1_000, time.nanoseconds());
        CompletableFuture<Void> blocked = reserveAsync(1, 5_000);
        await().atMost(Duration.ofSeconds(10)).until(memory::hasWaiters);
        time.sleep(4_999);
        assertThat(blocked).isNotDone();
        time.sleep(1);
        await().atMost(Duration.ofSeconds(10)).until(blocked::isDone);
        assertThatThrownBy(blocked::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(BufferExhaustedException.class).hasMessageContaining("max.block.ms")
                .hasMessageContaining("buffer.memory (1000 bytes, 0 free)");
        assertThat(memory.hasWaiters()).isFalse();
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws InterruptedException {
        memory.reserve(1_000, time.nanoseconds());
        CompletableFuture<Void> large = reserveAsync(800, 60_000);
        await().atMost(Duration.ofSeconds(10)).until(memory::hasWaiters);
        CompletableFuture<Void> small = reserveAsync(100, 60_000);
        memory.release(300);
        // 300 would do for the small one, but the large one came first.
        assertThat(small).isNotDone();
        assertThat(large).isNotDone();
        memory.release(500);
        await().atMost(Duration.ofSeconds(10)).until(large::isDone);
        memory.release(100);
        await().atMost(Duration.ofSeconds(10)).until(small::isDone);
        assertThat(memory.available()).isZero();
    }

    @Test
    void closingFailsTheWaiters() throws InterruptedException {
        memory.reserve(1_000, time.nanoseconds());
        CompletableFuture<Void> blocked = reserveAsync(10, 60_000);
        await().atMost(Duration.ofSeconds(10)).until(memory::hasWaiters);
        memory.close();
        await().atMost(Duration.ofSeconds(10)).until(blocked::isDone);
        assertThatThrownBy(blocked::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void moreThanTheWholeBufferIsRejected() {
        assertThatThrownBy(() -> memory.reserve(1_001, time.nanoseconds()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer.memory 1000");
    }
}
