package dev.rustmq.client;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.MetadataResponse;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where each partition's leader is, as the cluster's metadata last said (docs/client.md,
 * "Leaders"): the client sends a partition's produce, fetch and offset requests to its leader
 * broker, over a link of their own, and forgets the leader when an answer says the metadata is
 * stale ({@link ErrorCode#invalidatesMetadata()}) or the leader's connection is lost, so the next
 * request looks it up first. Until an answer or a lookup shows several brokers, requests go to the
 * bootstrap broker without lookups: a single node costs no extra round trip.
 */
final class PartitionLeaders {
    private final Map<TopicPartition, Integer> leaders = new ConcurrentHashMap<>();
    private final Map<Integer, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    private final Map<Integer, BrokerLink> links = new ConcurrentHashMap<>();
    private final Function<InetSocketAddress, BrokerLink> connect;
    /** Partitions whose leader an answer said moved: looked up before their next request. */
    private final Set<TopicPartition> stale = ConcurrentHashMap.newKeySet();
    /** Whether a Metadata answer listed several brokers: then unknown leaders are looked up. */
    private volatile boolean severalBrokers;

    /** @param connect opens a link to a broker's address (lazily, on its first request) */
    PartitionLeaders(Function<InetSocketAddress, BrokerLink> connect) {
        this.connect = connect;
    }

    /** Learns brokers and leaders from a Metadata answer. */
    void update(MetadataResponse metadata) {
        for (MetadataResponse.Broker b : metadata.brokers()) {
            InetSocketAddress address = InetSocketAddress.createUnresolved(b.host(), b.port());
            InetSocketAddress before = addresses.put(b.id(), address);
            if (before != null && !before.equals(address)) {
                BrokerLink stale = links.remove(b.id());
                if (stale != null) {
                    stale.close();
                }
            }
        }
        severalBrokers = metadata.brokers().size() > 1;
        for (MetadataResponse.Topic t : metadata.topics()) {
            for (MetadataResponse.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                stale.remove(tp);
                if (p.errorCode() == ErrorCode.NONE && p.leaderId() >= 0) {
                    leaders.put(tp, p.leaderId());
                } else {
                    leaders.remove(tp);
                }
            }
        }
    }

    /** Whether to send without looking the leader up first (known, or no reason to think it is elsewhere). */
    boolean knows(TopicPartition tp) {
        return leaders.containsKey(tp) || !severalBrokers && !stale.contains(tp);
    }

    /** The link to the partition's leader; empty when it is unknown or the cluster has one broker (use the bootstrap link). */
    Optional<BrokerLink> linkFor(TopicPartition tp) {
        if (!severalBrokers) {
            return Optional.empty();
        }
        Integer leader = leaders.get(tp);
        InetSocketAddress address = leader == null ? null : addresses.get(leader);
        if (address == null) {
            return Optional.empty();
        }
        return Optional.of(links.computeIfAbsent(leader, id -> connect.apply(address)));
    }

    /** The answer said the leader moved (or its broker is gone): look it up again next time. */
    void forget(TopicPartition tp) {
        leaders.remove(tp);
        stale.add(tp);
    }

    void close() {
        links.values().forEach(BrokerLink::close);
        links.clear();
    }
}
