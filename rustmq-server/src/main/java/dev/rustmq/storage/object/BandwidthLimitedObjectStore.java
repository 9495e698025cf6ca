package dev.rustmq.storage.object;

import dev.rustmq.common.Time;
import dev.rustmq.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.List;

/** Puts wait their turn under an {@link UploadBandwidthLimit}; everything else passes straight through. */
public final class BandwidthLimitedObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final UploadBandwidthLimit limit;

    public BandwidthLimitedObjectStore(ObjectStore delegate, long maxUploadBytesPerSecond) {
        this(delegate, maxUploadBytesPerSecond, Time.SYSTEM, Sleeper.SYSTEM);
    }

    BandwidthLimitedObjectStore(ObjectStore delegate, long maxUploadBytesPerSecond, Time time, Sleeper sleeper) {
        this.delegate = delegate;
        this.limit = new UploadBandwidthLimit(maxUploadBytesPerSecond, time, sleeper);
    }

    @Override
    public void put(String key, ByteBuffer data) {
        try {
            limit.acquire(data.remaining());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObjectStoreException.permanent("put '" + key + "' interrupted while waiting for upload bandwidth", e);
        }
        delegate.put(key, data);
    }

    @Override
    public ByteBuffer get(String key) {
        return delegate.get(key);
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        return delegate.getRange(key, offset, length);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
