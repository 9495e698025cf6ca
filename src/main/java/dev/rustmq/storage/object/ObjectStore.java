package dev.rustmq.storage.object;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where sealed segments live ({@code [object_storage]}): a flat namespace of immutable objects
 * named by '/'-separated keys. Calls block the calling thread; callers bring their own threads
 * (the uploader bounds them by {@code max_concurrent_uploads}). Failures are
 * {@link dev.rustmq.storage.errors.ObjectStoreException}s ({@link dev.rustmq.storage.errors.ObjectNotFoundException}
 * for a missing key) saying whether a retry may help.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Stores {@code data}'s remaining bytes under {@code key}, replacing any object there. When it
     * returns the object is durable in the store and visible to {@link #get} and {@link #list}.
     * A failed put leaves either the old object or the new one, never a part.
     */
    void put(String key, ByteBuffer data);

    /** The whole object. */
    ByteBuffer get(String key);

    /**
     * Bytes {@code [offset, offset + length)} of the object; fewer when the object ends first
     * (an offset at or past the end gives an empty buffer).
     */
    ByteBuffer getRange(String key, long offset, int length);

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<ObjectInfo> list(String prefix);

    /** Removes the object; a missing key is not an error (deletes are retried). */
    void delete(String key);

    /** A short description for logs and health checks, e.g. {@code s3://bucket (endpoint ...)}; no secrets. */
    String describe();

    @Override
    void close();
}
