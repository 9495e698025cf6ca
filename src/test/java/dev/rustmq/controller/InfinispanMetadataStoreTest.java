package dev.rustmq.controller;

import static dev.rustmq.controller.KeyValueMetadataStoreTest.partition;
import static dev.rustmq.controller.KeyValueMetadataStoreTest.partitions;
import static dev.rustmq.controller.KeyValueMetadataStoreTest.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real embedded Infinispan store: what is written survives closing and reopening the folder. */
class InfinispanMetadataStoreTest {
    @TempDir
    Path dir;

    @Test
    void metadataSurvivesCloseAndReopen() {
        TopicMetadata orders = new TopicMetadata("orders", "id-1", 2, 1, new RetentionPolicy(RetentionPolicy.Kind.SIZE, 5),
                CompressionType.ZSTD, List.of("pii_scrubber"), Map.of("segment_ms", "60000"), 1_234);
        BrokerMetadata broker = new BrokerMetadata("b1", "rack-a", "h:9092", "h:9093", 10, 20);
        String clusterId;
        try (InfinispanMetadataStore store = InfinispanMetadataStore.open(dir, "c0")) {
            assertThat(store.isAvailable()).isTrue();
            clusterId = store.clusterId();
            assertThat(store.createTopic(orders, partitions("orders", 2))).isTrue();
            assertThat(store.createTopic(topic("other", 1), partitions("other", 1))).isTrue();
            store.putBroker(broker);
            assertThat(store.replacePartition(partition("orders", 1, "b1", 0), partition("orders", 1, "b2", 1)))
                    .isTrue();
            assertThat(store.replaceManifest(null, KeyValueMetadataStoreTest.manifest("orders", 1, 1, 1, 0))).isTrue();
            assertThat(store.replaceManifest(KeyValueMetadataStoreTest.manifest("orders", 1, 1, 1, 0),
                    KeyValueMetadataStoreTest.manifest("orders", 1, 1, 2, 0, 10))).isTrue();
        }

        try (InfinispanMetadataStore store = InfinispanMetadataStore.open(dir, "c0")) {
            assertThat(store.clusterId()).isNotBlank().isEqualTo(clusterId);
            assertThat(store.topics()).containsExactly(orders, topic("other", 1));
            assertThat(store.topic("orders")).contains(orders);
            assertThat(store.partitions("orders"))
                    .containsExactly(partition("orders", 0, "b1", 0), partition("orders", 1, "b2", 1));
            assertThat(store.brokers()).containsExactly(broker);
            assertThat(store.manifest("orders", 1)).contains(KeyValueMetadataStoreTest.manifest("orders", 1, 1, 2, 0, 10));
            assertThat(store.replaceManifest(KeyValueMetadataStoreTest.manifest("orders", 1, 1, 1, 0),
                    KeyValueMetadataStoreTest.manifest("orders", 1, 1, 3, 0))).as("compare-and-set after reopen").isFalse();
        }
    }

    @Test
    void deleteSurvivesReopen() {
        try (InfinispanMetadataStore store = InfinispanMetadataStore.open(dir, "c0")) {
            store.createTopic(topic("gone", 3), partitions("gone", 3));
            store.createTopic(topic("kept", 1), partitions("kept", 1));
            assertThat(store.deleteTopic("gone")).isTrue();
        }

        try (InfinispanMetadataStore store = InfinispanMetadataStore.open(dir, "c0")) {
            assertThat(store.topic("gone")).isEmpty();
            assertThat(store.partitions("gone")).isEmpty();
            assertThat(store.topics()).extracting(TopicMetadata::name).containsExactly("kept");
            // The name is free again.
            assertThat(store.createTopic(topic("gone", 1), partitions("gone", 1))).isTrue();
        }
    }

    @Test
    void separateFoldersAreSeparateClusters() {
        try (InfinispanMetadataStore a = InfinispanMetadataStore.open(dir.resolve("a"), "c0")) {
            a.createTopic(topic("only-in-a", 1), partitions("only-in-a", 1));
            String idA = a.clusterId();
            try (InfinispanMetadataStore b = InfinispanMetadataStore.open(dir.resolve("b"), "c0")) {
                assertThat(b.clusterId()).isNotEqualTo(idA);
                assertThat(b.topics()).isEmpty();
            }
        }
    }

    @Test
    void folderInUseCannotBeOpenedAgain() {
        try (InfinispanMetadataStore first = InfinispanMetadataStore.open(dir, "c0")) {
            first.createTopic(topic("t", 1), partitions("t", 1));

            assertThatThrownBy(() -> InfinispanMetadataStore.open(dir, "c0").close())
                    .isInstanceOf(MetadataStoreException.class)
                    .hasMessageStartingWith("cannot open controller metadata in " + dir)
                    // Infinispan's file store locks its folder (ISPN029025).
                    .hasMessageContaining("Failed acquiring lock");

            // The failed attempt does not disturb the store that holds the folder.
            assertThat(first.isAvailable()).isTrue();
            assertThat(first.topic("t")).isPresent();
        }
        try (InfinispanMetadataStore reopened = InfinispanMetadataStore.open(dir, "c0")) {
            assertThat(reopened.topic("t")).isPresent();
        }
    }

    @Test
    void isAvailableOnlyWhileOpen() {
        InfinispanMetadataStore store = InfinispanMetadataStore.open(dir, "c0");
        assertThat(store.isAvailable()).isTrue();
        store.close();
        assertThat(store.isAvailable()).isFalse();
    }

    @Test
    void unusableFolderIsAMetadataStoreException() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> InfinispanMetadataStore.open(file.resolve("metadata"), "c0"))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageStartingWith("cannot open controller metadata in " + file.resolve("metadata"));
    }
}
