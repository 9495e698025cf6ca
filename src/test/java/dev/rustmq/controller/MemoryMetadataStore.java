package dev.rustmq.controller;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyValueMetadataStore} on plain maps that lives only as long as the object: for tests
 * of the controller and of everything that reads metadata. Pass the same instance to a node that
 * restarts to keep its topics, as an Infinispan store on disk would.
 */
public final class MemoryMetadataStore extends KeyValueMetadataStore {
    public MemoryMetadataStore() {
        this(ControllerQuorum.single("controller-0"));
    }

    /** A store whose controller sees {@code quorum} (a standby, a minority …). */
    public MemoryMetadataStore(ControllerQuorum quorum) {
        super(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), quorum);
        initialise();
    }
}
