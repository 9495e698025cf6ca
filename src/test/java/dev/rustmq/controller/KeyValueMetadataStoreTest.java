package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyValueMetadataStoreTest {
    private final ConcurrentMap<String, String> topics = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> partitions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> brokers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> cluster = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> manifests = new ConcurrentHashMap<>();

    /** A store over maps the test can also write to directly, as a crash would leave them. */
    private KeyValueMetadataStore open() {
        KeyValueMetadataStore store = new KeyValueMetadataStore(topics, partitions, brokers, cluster, manifests, ControllerQuorum.single("c0"));
        store.initialise();
        return store;
    }

    static TopicMetadata topic(String name, int partitionCount) {
        return new TopicMetadata(name, "id-" + name, partitionCount, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                List.of(), Map.of(), 1_000);
    }

    static PartitionMetadata partition(String topic, int p, String leader, int epoch) {
        return new PartitionMetadata(topic, p, leader, List.of(leader), List.of(leader), epoch);
    }

    static List<PartitionMetadata> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> partition(topic, p, "b1", 0)).toList();
    }

    @Test
    void clusterIdIsCreatedOnceAndKept() {
        String id = open().clusterId();
        assertThat(id).isNotBlank();
        assertThat(open().clusterId()).isEqualTo(id);
        assertThat(new MemoryMetadataStore().clusterId()).isNotEqualTo(id);
    }

    @Test
    void createReadAndDeleteTopic() {
        KeyValueMetadataStore store = open();
        assertThat(store.createTopic(topic("t", 2), partitions("t", 2))).isTrue();

        assertThat(store.topic("t")).contains(topic("t", 2));
        assertThat(store.partitions("t")).isEqualTo(partitions("t", 2));
        assertThat(store.topics()).containsExactly(topic("t", 2));

        assertThat(store.deleteTopic("t")).isTrue();
        assertThat(store.topic("t")).isEmpty();
        assertThat(store.partitions("t")).isEmpty();
        assertThat(partitions).isEmpty();
        assertThat(store.deleteTopic("t")).isFalse();
    }

    @Test
    void createOfAnExistingTopicWritesNothing() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 2), partitions("t", 2));

        List<PartitionMetadata> other = List.of(partition("t", 0, "b9", 5), partition("t", 1, "b9", 5),
                partition("t", 2, "b9", 5));
        assertThat(store.createTopic(topic("t", 3), other)).isFalse();

        assertThat(store.topic("t")).contains(topic("t", 2));
        assertThat(store.partitions("t")).isEqualTo(partitions("t", 2));
        assertThat(partitions).hasSize(2);
    }

    @Test
    void updateTopicAddsPartitions() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 1), partitions("t", 1));

        store.updateTopic(topic("t", 3), List.of(partition("t", 1, "b2", 0), partition("t", 2, "b3", 0)));

        assertThat(store.partitions("t")).extracting(PartitionMetadata::leader).containsExactly("b1", "b2", "b3");
    }

    @Test
    void replacePartitionIsCompareAndSet() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 1), partitions("t", 1));
        PartitionMetadata current = store.partitions("t").get(0);
        PartitionMetadata epoch1 = partition("t", 0, "b2", 1);
        PartitionMetadata rival = partition("t", 0, "b3", 1);

        assertThat(store.replacePartition(current, epoch1)).isTrue();
        // A second controller that read the old value loses.
        assertThat(store.replacePartition(current, rival)).isFalse();
        assertThat(store.partitions("t")).containsExactly(epoch1);

        assertThat(store.replacePartition(epoch1, partition("t", 0, "b3", 2))).isTrue();
        assertThat(store.partitions("t")).containsExactly(partition("t", 0, "b3", 2));
    }

    @Test
    void replacePartitionComparesEveryField() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 1), List.of(new PartitionMetadata("t", 0, "b1", List.of("b1", "b2"),
                List.of("b1", "b2"), 4)));
        PartitionMetadata staleIsr = new PartitionMetadata("t", 0, "b1", List.of("b1", "b2"), List.of("b1"), 4);

        assertThat(store.replacePartition(staleIsr, partition("t", 0, "b2", 5))).isFalse();
        assertThat(store.partitions("t").get(0).leaderEpoch()).isEqualTo(4);
    }

    @Test
    void replaceOfMissingPartitionFails() {
        KeyValueMetadataStore store = open();
        assertThat(store.replacePartition(partition("none", 0, "b1", 0), partition("none", 0, "b2", 1))).isFalse();
        assertThat(partitions).isEmpty();
    }

    @Test
    void removeOrphansCleansPartitionsWithoutATopic() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("kept", 2), partitions("kept", 2));
        // What crashes leave: partitions of a topic never written, or written past its partition count.
        partitions.put("lost/0", MetadataCodec.encode(partition("lost", 0, "b1", 0)));
        partitions.put("lost/1", MetadataCodec.encode(partition("lost", 1, "b1", 0)));
        partitions.put("kept/2", MetadataCodec.encode(partition("kept", 2, "b1", 0)));

        assertThat(store.removeOrphans()).isEqualTo(3);

        assertThat(partitions).containsOnlyKeys("kept/0", "kept/1");
        assertThat(store.partitions("kept")).isEqualTo(partitions("kept", 2));
        assertThat(store.removeOrphans()).isZero();
    }

    @Test
    void orphansLeftByAnInterruptedDeleteAreRemovedOnOpen() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 3), partitions("t", 3));
        topics.remove("t");

        open();

        assertThat(partitions).isEmpty();
    }

    @Test
    void orphanedPartitionsDoNotLeakIntoARecreatedTopic() {
        KeyValueMetadataStore store = open();
        partitions.put("t/0", MetadataCodec.encode(partition("t", 0, "stale", 9)));
        store = open();

        store.createTopic(topic("t", 1), List.of(partition("t", 0, "b1", 0)));

        assertThat(store.partitions("t")).containsExactly(partition("t", 0, "b1", 0));
    }

    static PartitionManifest manifest(String topic, int p, int epoch, long version, long... segmentBases) {
        List<SegmentMetadata> segments = new java.util.ArrayList<>();
        for (long base : segmentBases) {
            segments.add(new SegmentMetadata("topics/" + topic + "/" + p + "/" + base + ".seg", base, base + 9, epoch,
                    1_000, 1_700_000_000_000L + base));
        }
        return new PartitionManifest(topic, p, epoch, version, segmentBases.length == 0 ? 0 : segmentBases[0],
                segments);
    }

    @Test
    void manifestsChangeOnlyByCompareAndSet() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 2), partitions("t", 2));
        PartitionManifest first = manifest("t", 1, 3, 1, 0);
        PartitionManifest second = manifest("t", 1, 3, 2, 0, 10);

        assertThat(store.manifest("t", 1)).isEmpty();
        assertThat(store.replaceManifest(null, first)).isTrue();
        assertThat(store.replaceManifest(null, first)).as("create only if absent").isFalse();
        assertThat(store.manifest("t", 1)).contains(first);
        assertThat(store.manifest("t", 0)).isEmpty();

        assertThat(store.replaceManifest(manifest("t", 1, 3, 7, 0), second)).as("stale expected value").isFalse();
        assertThat(store.replaceManifest(first, second)).isTrue();
        assertThat(store.manifest("t", 1)).contains(second);
        assertThat(second.endOffset()).isEqualTo(20);
        assertThat(second.segmentFor(15).baseOffset()).isEqualTo(10);
        assertThat(second.segmentFor(20)).isNull();
    }

    @Test
    void deletingATopicRemovesItsManifestsAndOrphanedManifestsAreRemovedOnOpen() {
        KeyValueMetadataStore store = open();
        store.createTopic(topic("t", 2), partitions("t", 2));
        store.createTopic(topic("kept", 1), partitions("kept", 1));
        store.replaceManifest(null, manifest("t", 0, 0, 1, 0));
        store.replaceManifest(null, manifest("t", 1, 0, 1, 0));
        store.replaceManifest(null, manifest("kept", 0, 0, 1, 0));

        store.deleteTopic("t");

        assertThat(store.manifest("t", 0)).isEmpty();
        assertThat(store.manifest("t", 1)).isEmpty();
        assertThat(store.manifest("kept", 0)).isPresent();
        manifests.put("lost/0", MetadataCodec.encode(manifest("lost", 0, 0, 1, 0)));
        open();
        assertThat(manifests).containsOnlyKeys("kept/0");

        // A manifest written for a deleted topic (an upload racing the delete) does not attach to a new topic.
        manifests.put("t/0", MetadataCodec.encode(manifest("t", 0, 0, 1, 0)));
        store.createTopic(topic("t", 1), partitions("t", 1));
        assertThat(store.manifest("t", 0)).isEmpty();
    }

    @Test
    void brokersAreStoredAndListedById() {
        KeyValueMetadataStore store = open();
        BrokerMetadata b2 = new BrokerMetadata("b2", "r", "q", "p", 1, 2);
        BrokerMetadata b1 = new BrokerMetadata("b1", "r", "q", "p", 1, 2);
        store.putBroker(b2);
        store.putBroker(b1);
        store.putBroker(b1.withHeartbeat(99, BrokerLoad.UNKNOWN));

        assertThat(store.brokers()).containsExactly(b1.withHeartbeat(99, BrokerLoad.UNKNOWN), b2);
        assertThat(store.broker("b1")).contains(b1.withHeartbeat(99, BrokerLoad.UNKNOWN));
        assertThat(store.broker("b3")).isEmpty();
    }

    @Test
    void unreadableStoreBecomesMetadataStoreException() {
        KeyValueMetadataStore store = open();
        topics.put("broken", "{not json");

        assertThatThrownBy(() -> store.topic("broken"))
                .isInstanceOf(MetadataStoreException.class)
                .satisfies(e -> assertThat(((MetadataStoreException) e).code())
                        .isEqualTo(ErrorCode.METADATA_STORE_UNAVAILABLE))
                .hasMessageStartingWith("controller metadata store failed: stored TopicMetadata is not readable");
        assertThatThrownBy(store::topics).isInstanceOf(MetadataStoreException.class);
    }

    @Test
    void failingMapBecomesMetadataStoreException() {
        ConcurrentMap<String, String> failing = new ConcurrentHashMap<>() {
            @Override
            public String get(Object key) {
                throw new IllegalStateException("cache is stopping");
            }
        };
        KeyValueMetadataStore store = new KeyValueMetadataStore(failing, partitions, brokers, cluster, manifests, ControllerQuorum.single("c0"));

        assertThatThrownBy(() -> store.topic("t"))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessage("controller metadata store failed: cache is stopping")
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
