package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The hot tail ({@code [cache] write_cache_size_bytes}): every durable batch is copied in; the
 * oldest leave first, so consumers that keep up read from memory.
 *
 * <p>The bytes live off the Java heap in a ring of direct chunks, written in append order, so the
 * tail's data never has to be copied by the garbage collector (on the heap, every cached batch
 * would survive young collections and lengthen pauses, which shows up in append latency). A
 * batch never straddles chunks; writing one overwrites, and so evicts, the oldest batches in
 * its way. Chunks are allocated when first used. {@link #get} copies the batch out under the
 * lock, because its space may be reused as soon as the lock is released.
 */
public final class WriteCache implements BatchCache {
    private static final int MAX_CHUNK_SIZE = 8 << 20;

    /** Where a batch lies in the ring; {@code live} turns false when it is replaced or removed. */
    private static final class Slot {
        final CacheKey key;
        final int chunk;
        final int position;
        final int length;
        boolean live = true;

        Slot(CacheKey key, int chunk, int position, int length) {
            this.key = key;
            this.chunk = chunk;
            this.position = position;
            this.length = length;
        }
    }

    private final long capacityBytes;
    private final int chunkSize;
    private final ByteBuffer[] chunks;
    /** Slots in ring order, oldest first; dead slots stay until the writer passes them. */
    private final ArrayDeque<Slot> ring = new ArrayDeque<>();
    private final Map<CacheKey, Slot> index = new HashMap<>();
    private int headChunk;
    private int headPosition;
    private long sizeBytes;
    private long hits;
    private long misses;

    public WriteCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
        this.chunkSize = (int) Math.max(1, Math.min(capacityBytes, MAX_CHUNK_SIZE));
        this.chunks = new ByteBuffer[(int) Math.max(1, capacityBytes / chunkSize)];
    }

    @Override
    public synchronized void put(CacheKey key, ByteBuffer batch) {
        int length = batch.remaining();
        Slot old = index.remove(key);
        if (old != null) {
            kill(old);
        }
        if (length > chunkSize || length == 0) {
            return;
        }
        if (headPosition + length > chunkSize) {
            // Skip the rest of this chunk: the oldest batches there go first.
            evictWhile(s -> s.chunk == headChunk && s.position >= headPosition);
            headChunk = (headChunk + 1) % chunks.length;
            headPosition = 0;
        }
        int from = headPosition;
        evictWhile(s -> s.chunk == headChunk && s.position < from + length && s.position + s.length > from);
        ByteBuffer chunk = chunk(headChunk);
        chunk.put(from, batch, batch.position(), length);
        Slot slot = new Slot(key, headChunk, from, length);
        ring.addLast(slot);
        index.put(key, slot);
        sizeBytes += length;
        headPosition += length;
    }

    private void evictWhile(java.util.function.Predicate<Slot> inTheWay) {
        while (!ring.isEmpty() && inTheWay.test(ring.peekFirst())) {
            Slot s = ring.pollFirst();
            if (s.live) {
                index.remove(s.key);
                kill(s);
            }
        }
    }

    private void kill(Slot slot) {
        if (slot.live) {
            slot.live = false;
            sizeBytes -= slot.length;
        }
    }

    private ByteBuffer chunk(int i) {
        if (chunks[i] == null) {
            chunks[i] = ByteBuffer.allocateDirect(chunkSize);
        }
        return chunks[i];
    }

    @Override
    public synchronized ByteBuffer get(CacheKey key) {
        Slot slot = index.get(key);
        if (slot == null) {
            misses++;
            return null;
        }
        hits++;
        ByteBuffer copy = ByteBuffer.allocate(slot.length);
        copy.put(0, chunks[slot.chunk], slot.position, slot.length);
        return copy.asReadOnlyBuffer();
    }

    @Override
    public synchronized ByteBuffer peek(CacheKey key) {
        Slot slot = index.get(key);
        if (slot == null) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(slot.length);
        copy.put(0, chunks[slot.chunk], slot.position, slot.length);
        return copy.asReadOnlyBuffer();
    }

    @Override
    public synchronized void removePartition(TopicPartition partition) {
        index.values().removeIf(slot -> {
            if (slot.key.partition().equals(partition)) {
                kill(slot);
                return true;
            }
            return false;
        });
    }

    @Override
    public synchronized long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public synchronized CacheStats stats() {
        return new CacheStats(hits, misses, sizeBytes, index.size());
    }
}
