package dev.rustmq.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key RustMQ reads from {@code broker.toml} and {@code controller.toml}, with the seed
 * README's section and key names. The {@code [controller]} section is the union of the broker
 * file's (how to reach controllers) and the controller file's (how to be one), so a combined
 * node can read one file holding both.
 */
public final class ConfigSchema {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final long MAX_MS = 365L * 24 * 3600 * 1000;

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    static {
        // broker.toml
        string("broker", "id", "0");
        string("broker", "rack_id", "default");

        hostPort("network", "quic_listen", "127.0.0.1:9092");
        hostPort("network", "rpc_listen", "127.0.0.1:9093");
        // Not in the seed: the host brokers register and METADATA hands to clients, when the listeners bind 0.0.0.0.
        string("network", "advertised_host", null);
        integer("network", "max_connections", 10_000, 1, 1_000_000);
        longKey("network", "connection_timeout_ms", 30_000, 1, MAX_MS);
        // Largest protocol frame (bytes after the length prefix) a connection accepts; 2^31 - 9 is the wire limit.
        integer("network", "max_frame_bytes", (int) (16 * MIB), (int) MIB, Integer.MAX_VALUE - 8);
        // Largest record batch a produce may carry when its topic sets no max_message_bytes.
        integer("network", "max_message_bytes", (int) MIB, 1, Integer.MAX_VALUE - 8);
        // QUIC TLS certificate chain and private key (PEM); both or neither (neither: self-signed).
        string("network", "tls_cert_path", null);
        string("network", "tls_key_path", null);

        string("wal", "path", null);
        longKey("wal", "capacity_bytes", 10 * GIB, MIB, Long.MAX_VALUE);
        bool("wal", "fsync_on_write", true);
        longKey("wal", "segment_size_bytes", GIB, 4 * KIB, 64 * GIB);
        integer("wal", "buffer_size", 65_536, 512, (int) (256 * MIB));
        longKey("wal", "flush_interval_ms", 1_000, 1, MAX_MS);
        longKey("wal", "upload_interval_ms", 600_000, 1, MAX_MS);

        longKey("cache", "write_cache_size_bytes", 256 * MIB, 0, Long.MAX_VALUE);
        longKey("cache", "read_cache_size_bytes", 512 * MIB, 0, Long.MAX_VALUE);
        enumKey("cache", "eviction_policy", "Lru", "Lru");

        enumKey("object_storage", "type", "Local", "Local", "S3", "Gcs", "Azure");
        string("object_storage", "bucket", "");
        string("object_storage", "region", "us-east-1");
        string("object_storage", "endpoint", "");
        string("object_storage", "access_key", "");
        string("object_storage", "secret_key", "");
        bool("object_storage", "path_style", false);
        string("object_storage", "path", null);
        longKey("object_storage", "multipart_threshold", 100 * MIB, 5 * MIB, 5 * GIB);
        integer("object_storage", "max_concurrent_uploads", 10, 1, 1_000);
        // Not in the seed: multipart part size and the retry policy of every store call.
        longKey("object_storage", "multipart_part_size", 16 * MIB, 5 * MIB, 5 * GIB);
        integer("object_storage", "retry_max_attempts", 10, 1, 1_000);
        longKey("object_storage", "retry_base_delay_ms", 100, 1, 60_000);
        longKey("object_storage", "retry_max_delay_ms", 10_000, 1, 3_600_000);
        longKey("object_storage", "retry_timeout_ms", 300_000, 0, MAX_MS);
        // Average upload rate cap for all uploads of the node together; 0 = none.
        longKey("object_storage", "max_upload_bytes_per_sec", 0, 0, Long.MAX_VALUE);
        // How often retention and the orphan sweep run (Kafka's log.retention.check.interval.ms).
        longKey("object_storage", "retention_check_interval_ms", 300_000, 1, MAX_MS);

        list("controller", "endpoints", "127.0.0.1:9094");
        longKey("controller", "election_timeout_ms", 5_000, 10, MAX_MS);
        longKey("controller", "heartbeat_interval_ms", 1_000, 1, MAX_MS);

        integer("replication", "min_in_sync_replicas", 1, 1, 1_000);
        longKey("replication", "ack_timeout_ms", 5_000, 1, MAX_MS);
        longKey("replication", "max_replication_lag", 1_000, 0, Long.MAX_VALUE);

        bool("etl", "enabled", false);
        longKey("etl", "memory_limit_bytes", 64 * MIB, 64 * KIB, 4 * GIB);
        longKey("etl", "execution_timeout_ms", 5_000, 1, MAX_MS);
        integer("etl", "max_concurrent_executions", 100, 1, 100_000);

        // controller.toml
        string("controller", "node_id", null);
        hostPort("controller", "raft_listen", "127.0.0.1:9095");
        hostPort("controller", "rpc_listen", "127.0.0.1:9094");
        hostPort("controller", "http_listen", "127.0.0.1:9642");
        // Not in the seed: the host the other controllers reach this one at, when raft_listen is a wildcard.
        string("controller", "advertised_host", null);

        list("raft", "peers", "");
        // Not in the seed: how controllers find each other (static peers, or a headless Service's DNS
        // records on Kubernetes), and how many of them make the cluster (0: the number of peers).
        enumKey("raft", "discovery", "static", "static", "dns");
        string("raft", "dns_query", "");
        integer("raft", "voters", 0, 0, 99);

        enumKey("metastore", "type", "infinispan", "infinispan", "etcd");
        list("metastore", "endpoints", "");
        string("metastore", "path", null);

        bool("autobalancer", "enabled", false);
        doubleKey("autobalancer", "cpu_threshold", 0.80, 0.01, 1.0);
        doubleKey("autobalancer", "memory_threshold", 0.75, 0.01, 1.0);
        longKey("autobalancer", "cooldown_seconds", 300, 0, 86_400 * 30L);
        longKey("autobalancer", "max_concurrent_moves", 5, 1, 1_000);
    }

    private ConfigSchema() {
    }

    public static Optional<ConfigKey> find(String id) {
        return Optional.ofNullable(KEYS.get(id));
    }

    public static ConfigKey get(String id) {
        ConfigKey key = KEYS.get(id);
        if (key == null) {
            throw new IllegalArgumentException("no such config key: " + id);
        }
        return key;
    }

    public static List<ConfigKey> keys() {
        return Collections.unmodifiableList(new ArrayList<>(KEYS.values()));
    }

    public static boolean isSection(String section) {
        return KEYS.values().stream().anyMatch(k -> k.section().equals(section));
    }

    public static List<String> sections() {
        return KEYS.values().stream().map(ConfigKey::section).distinct().toList();
    }

    /** Keys of a section, for "did you mean" hints on a misspelt key. */
    public static List<String> namesIn(String section) {
        return KEYS.values().stream().filter(k -> k.section().equals(section)).map(ConfigKey::name).toList();
    }

    private static void add(ConfigKey key) {
        KEYS.put(key.id(), key);
    }

    private static void string(String section, String name, String dflt) {
        add(new ConfigKey(section, name, ValueType.STRING, dflt, 0, 0, List.of()));
    }

    private static void bool(String section, String name, boolean dflt) {
        add(new ConfigKey(section, name, ValueType.BOOLEAN, Boolean.toString(dflt), 0, 0, List.of()));
    }

    private static void integer(String section, String name, int dflt, int min, int max) {
        add(new ConfigKey(section, name, ValueType.INT, Integer.toString(dflt), min, max, List.of()));
    }

    private static void longKey(String section, String name, long dflt, long min, long max) {
        add(new ConfigKey(section, name, ValueType.LONG, Long.toString(dflt), min, max, List.of()));
    }

    private static void doubleKey(String section, String name, double dflt, double min, double max) {
        add(new ConfigKey(section, name, ValueType.DOUBLE, Double.toString(dflt), min, max, List.of()));
    }

    private static void hostPort(String section, String name, String dflt) {
        add(new ConfigKey(section, name, ValueType.HOST_PORT, dflt, 0, 0, List.of()));
    }

    private static void list(String section, String name, String dflt) {
        add(new ConfigKey(section, name, ValueType.STRING_LIST, dflt, 0, 0, List.of()));
    }

    private static void enumKey(String section, String name, String dflt, String... allowed) {
        add(new ConfigKey(section, name, ValueType.ENUM, dflt, 0, 0, List.of(allowed)));
    }
}
