package dev.rustmq.storage.errors;

/** The key names no object (never written, or deleted). Not retriable. */
public class ObjectNotFoundException extends ObjectStoreException {
    public ObjectNotFoundException(String key) {
        super("no object '" + key + "'", false, false, null);
    }
}
