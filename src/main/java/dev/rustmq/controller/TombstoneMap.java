package dev.rustmq.controller;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * A string map whose removals leave a tombstone instead of removing the key. Replicated controllers
 * need it (docs/cluster.md): a controller that was away comes back with its own file store,
 * and Infinispan's state transfer overwrites the keys the cluster has but never deletes the ones
 * it lacks. A key deleted while the controller was away is therefore kept as a tombstone, which
 * the state transfer carries and which reads as absent. Tombstones are a few bytes per deleted
 * topic or partition; a key written again replaces its tombstone.
 */
final class TombstoneMap extends AbstractMap<String, String> implements ConcurrentMap<String, String> {
    /** Never valid JSON, so never a stored value. */
    static final String TOMBSTONE = "\u0000deleted";

    private final ConcurrentMap<String, String> inner;

    TombstoneMap(ConcurrentMap<String, String> inner) {
        this.inner = inner;
    }

    @Override
    public String get(Object key) {
        return live(inner.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public String put(String key, String value) {
        return live(inner.put(key, Objects.requireNonNull(value)));
    }

    @Override
    public String putIfAbsent(String key, String value) {
        while (true) {
            String previous = inner.putIfAbsent(key, Objects.requireNonNull(value));
            if (previous == null) {
                return null;
            }
            if (!previous.equals(TOMBSTONE)) {
                return previous;
            }
            if (inner.replace(key, TOMBSTONE, value)) {
                return null;
            }
        }
    }

    @Override
    public String remove(Object key) {
        String k = (String) key;
        while (true) {
            String previous = live(inner.get(k));
            if (previous == null) {
                return null;
            }
            if (inner.replace(k, previous, TOMBSTONE)) {
                return previous;
            }
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        return value != null && !TOMBSTONE.equals(value) && inner.replace((String) key, (String) value, TOMBSTONE);
    }

    @Override
    public boolean replace(String key, String oldValue, String newValue) {
        return !TOMBSTONE.equals(oldValue) && inner.replace(key, oldValue, Objects.requireNonNull(newValue));
    }

    @Override
    public String replace(String key, String value) {
        String current = get(key);
        return current != null && inner.replace(key, current, value) ? current : null;
    }

    /** The live entries (a snapshot as the underlying map iterates; removing through it is not supported). */
    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<Entry<String, String>> all = inner.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<String, String> next = advance();

                    private Entry<String, String> advance() {
                        while (all.hasNext()) {
                            Entry<String, String> e = all.next();
                            if (!TOMBSTONE.equals(e.getValue())) {
                                return Map.entry(e.getKey(), e.getValue());
                            }
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> current = next;
                        next = advance();
                        return current;
                    }
                };
            }

            @Override
            public int size() {
                int n = 0;
                for (Iterator<?> it = iterator(); it.hasNext(); it.next()) {
                    n++;
                }
                return n;
            }
        };
    }

    private static String live(String value) {
        return TOMBSTONE.equals(value) ? null : value;
    }
}
