package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectNotFoundException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Objects in a map, for unit tests of the logic above the store. Thread-safe; copies in and out. */
public final class MemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, ByteBuffer data) {
        ObjectKeys.check(key);
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        objects.put(key, bytes);
    }

    @Override
    public ByteBuffer get(String key) {
        return ByteBuffer.wrap(bytes(key).clone());
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        byte[] bytes = bytes(key);
        int from = (int) Math.min(bytes.length, Math.max(0, offset));
        int to = (int) Math.min(bytes.length, (long) from + Math.max(0, length));
        byte[] range = new byte[to - from];
        System.arraycopy(bytes, from, range, 0, range.length);
        return ByteBuffer.wrap(range);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> result = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : objects.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            result.add(new ObjectInfo(e.getKey(), e.getValue().length));
        }
        return result;
    }

    @Override
    public void delete(String key) {
        objects.remove(ObjectKeys.check(key));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }

    private byte[] bytes(String key) {
        byte[] bytes = objects.get(ObjectKeys.check(key));
        if (bytes == null) {
            throw new ObjectNotFoundException(key);
        }
        return bytes;
    }
}
