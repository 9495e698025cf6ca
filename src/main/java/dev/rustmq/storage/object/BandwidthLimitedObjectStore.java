package dev.rustmq.storage.object;

import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;

/** Puts wait their turn under an {@link UploadBandwidthLimit}; everything else passes straight through. */
public final class BandwidthLimitedObjectStore extends ForwardingObjectStore {
    private final UploadBandwidthLimit limit;

    public BandwidthLimitedObjectStore(ObjectStore delegate, long maxUploadBytesPerSecond) {
        this(delegate, maxUploadBytesPerSecond, Time.SYSTEM);
    }

    BandwidthLimitedObjectStore(ObjectStore delegate, long maxUploadBytesPerSecond, Time time) {
        super(delegate);
        this.limit = new UploadBandwidthLimit(maxUploadBytesPerSecond, time);
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
}
