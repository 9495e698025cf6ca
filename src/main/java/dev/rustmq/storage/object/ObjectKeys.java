package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectStoreException;

/**
 * What a key may look like: '/'-separated segments, none empty, {@code .} or {@code ..}. The
 * rules are the local store's (a key becomes a path under its folder and must never leave it), and
 * S3 follows them too, so a layout that works on one store works on every other.
 */
final class ObjectKeys {
    private static final int MAX_LENGTH = 1024;

    private ObjectKeys() {
    }

    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw invalid(key, "a key is not empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw invalid(key, "a key has at most " + MAX_LENGTH + " characters");
        }
        if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            throw invalid(key, "a key contains no '\\' or NUL");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "a key is '/'-separated names, none empty, '.' or '..'");
            }
        }
        return key;
    }

    private static ObjectStoreException invalid(String key, String rule) {
        return ObjectStoreException.permanent("invalid object key '" + key + "': " + rule, null);
    }
}
