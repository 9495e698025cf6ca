package dev.rustmq.controller;

import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.infinispan.remoting.transport.Address;

/**
 * The quorum of replicated controllers, read from Infinispan's view of the JGroups cluster. The
 * coordinator test alone is not safe: a controller cut off from the others forms a view of its
 * own and is its coordinator. So a controller has the quorum only when its view holds a majority
 * of the voters <em>and</em> every metadata cache is AVAILABLE (partition handling
 * DENY_READ_WRITES turns a minority's caches DEGRADED); a lone controller that just started (a
 * view of one, caches AVAILABLE) is refused by the first half of the test. A single controller
 * (LOCAL caches, no transport) is its own view and has the quorum while its caches run.
 */
final class InfinispanQuorum implements ControllerQuorum {
    private final EmbeddedCacheManager manager;
    private final List<Cache<String, String>> caches;
    private final String localId;
    private final int voters;

    InfinispanQuorum(EmbeddedCacheManager manager, List<Cache<String, String>> caches, String localId, int voters) {
        this.manager = manager;
        this.caches = List.copyOf(caches);
        this.localId = localId;
        this.voters = voters;
    }

    @Override
    public String localId() {
        return localId;
    }

    @Override
    public int voters() {
        return voters;
    }

    @Override
    public List<String> members() {
        List<Address> members = manager.getMembers();
        return members == null ? List.of(localId) : members.stream().map(Address::toString).sorted().toList();
    }

    @Override
    public boolean hasQuorum() {
        if (manager.getStatus() != ComponentStatus.RUNNING) {
            return false;
        }
        if (members().size() < voters / 2 + 1) {
            return false;
        }
        for (Cache<String, String> cache : caches) {
            if (cache.getStatus() != ComponentStatus.RUNNING
                    || cache.getAdvancedCache().getAvailability() != AvailabilityMode.AVAILABLE) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<String> activeId() {
        if (!hasQuorum()) {
            return Optional.empty();
        }
        // A controller without a transport (LOCAL caches) is the only one, so it is the coordinator.
        Address coordinator = manager.getCoordinator();
        return Optional.of(coordinator == null ? localId : coordinator.toString());
    }
}
