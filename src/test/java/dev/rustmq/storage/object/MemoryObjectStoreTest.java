package dev.rustmq.storage.object;

class MemoryObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore newStore() {
        return new MemoryObjectStore();
    }
}
