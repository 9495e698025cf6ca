package dev.rustmq.storage.object;

import java.nio.ByteBuffer;
import java.util.List;

/** An object store that passes every call to another; wrappers override only what they change. */
public abstract class ForwardingObjectStore implements ObjectStore {
    protected final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String key, ByteBuffer data) {
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
