package dev.rustmq.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole, validated configuration of one RustMQ process. Built once at start-up; a bad value
 * throws {@link dev.rustmq.config.ConfigException} naming the key and where the value came from.
 *
 * @param dataDir the folder under which the default broker and controller paths live
 */
public record RustMqConfig(Role role, Path dataDir, BrokerConfig broker, NetworkConfig network, WalConfig wal,
                           CacheConfig cache, ObjectStorageConfig objectStorage, ControllerConfig controller,
                           ReplicationConfig replication, EtlConfig etl, RaftConfig raft, MetastoreConfig metastore,
                           AutobalancerConfig autobalancer) {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern PEER = Pattern.compile("[A-Za-z0-9._-]+@.+:\\d{1,5}");

    /** Why {@code type = "Azure"} stops start-up, and what to do instead. */
    public static final String AZURE_UNSUPPORTED = "\"Azure\" is not supported: RustMQ has no native Azure "
            + "Blob client. Reach Azure Blob Storage through an S3-compatible gateway "
            + "(for example S3Proxy with its azureblob backend) with type = \"S3\", endpoint = the gateway's URL and "
            + "path_style = true; see docs/object-storage.md";

    /** The embedded single node: every default, data under {@code dataDir}. */
    public static RustMqConfig defaults(Path dataDir) {
        return from(Map.of(), dataDir, Role.COMBINED);
    }

    public static RustMqConfig from(Map<String, Setting> settings, Path dataDir, Role role) {
        TypedSettings s = new TypedSettings(settings);
        Path data = dataDir.toAbsolutePath().normalize();

        String advertised = s.isSet("network.advertised_host") ? s.string("network.advertised_host").trim() : null;
        if (advertised != null && (advertised.isEmpty() || HostNames.isWildcard(advertised))) {
            throw s.invalid("network.advertised_host", "\"" + advertised + "\" is not a host clients can reach");
        }
        BrokerConfig broker = new BrokerConfig(nodeId(s, "broker.id"), s.string("broker.rack_id"), advertised);
        NetworkConfig network = new NetworkConfig(s.hostPort("network.quic_listen"), s.hostPort("network.rpc_listen"),
                s.integer("network.max_connections"), s.longValue("network.connection_timeout_ms"),
                s.integer("network.max_frame_bytes"), s.integer("network.max_message_bytes"),
                tlsFile(s, "network.tls_cert_path", "network.tls_key_path", data),
                tlsFile(s, "network.tls_key_path", "network.tls_cert_path", data));
        // A produce frame carries the batch plus its header and topic name: keep 64 KiB of room.
        if (network.maxMessageBytes() > network.maxFrameBytes() - 64 * 1024) {
            throw s.invalid("network.max_message_bytes", network.maxMessageBytes() + " bytes does not fit in a frame:"
                    + " it must be at most [network] max_frame_bytes (" + network.maxFrameBytes() + ") minus 65536");
        }
        WalConfig wal = new WalConfig(path(s, "wal.path", data, data.resolve("broker").resolve("wal")),
                s.longValue("wal.capacity_bytes"), s.bool("wal.fsync_on_write"), s.longValue("wal.segment_size_bytes"),
                s.integer("wal.buffer_size"), s.longValue("wal.flush_interval_ms"),
                s.longValue("wal.upload_interval_ms"));
        if (wal.segmentSizeBytes() > wal.capacityBytes()) {
            throw s.invalid("wal.segment_size_bytes", "a segment (" + wal.segmentSizeBytes()
                    + " bytes) cannot be larger than [wal] capacity_bytes (" + wal.capacityBytes() + ")");
        }
        CacheConfig cache = new CacheConfig(s.longValue("cache.write_cache_size_bytes"),
                s.longValue("cache.read_cache_size_bytes"), s.string("cache.eviction_policy"));
        ObjectStorageConfig objectStorage = objectStorage(s, data);
        ControllerConfig controller = controller(s, broker);
        ReplicationConfig replication = new ReplicationConfig(s.integer("replication.min_in_sync_replicas"),
                s.longValue("replication.ack_timeout_ms"), s.longValue("replication.max_replication_lag"));
        EtlConfig etl = new EtlConfig(s.bool("etl.enabled"), s.longValue("etl.memory_limit_bytes"),
                s.longValue("etl.execution_timeout_ms"), s.integer("etl.max_concurrent_executions"));
        RaftConfig raft = raft(s);
        MetastoreConfig metastore = metastore(s, data);
        AutobalancerConfig autobalancer = new AutobalancerConfig(s.bool("autobalancer.enabled"),
                s.doubleValue("autobalancer.cpu_threshold"), s.doubleValue("autobalancer.memory_threshold"),
                s.longValue("autobalancer.cooldown_seconds"), (int) s.longValue("autobalancer.max_concurrent_moves"));
        return new RustMqConfig(role, data, broker, network, wal, cache, objectStorage, controller, replication, etl,
                raft, metastore, autobalancer);
    }

    private static String nodeId(TypedSettings s, String id) {
        String value = s.string(id);
        if (!NODE_ID.matcher(value).matches()) {
            throw s.invalid(id, "\"" + value + "\" must be 1 to 128 characters of letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** Relative paths resolve against the data folder, not the server's working folder. */
    private static Path path(TypedSettings s, String id, Path data, Path dflt) {
        String value = s.string(id);
        if (value == null) {
            return dflt;
        }
        if (value.isBlank()) {
            throw s.invalid(id, "the path is empty");
        }
        try {
            return data.resolve(value).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw s.invalid(id, "\"" + value + "\" is not a valid path: " + e.getReason());
        }
    }

    /** A QUIC TLS file: set together with {@code other}, and a readable file. */
    private static Path tlsFile(TypedSettings s, String id, String other, Path data) {
        Path file = path(s, id, data, null);
        Path otherFile = path(s, other, data, null);
        if (file == null) {
            if (otherFile != null) {
                throw s.invalid(id, "tls_cert_path and tls_key_path must be set together (or both left out for a "
                        + "generated self-signed certificate); only " + other.substring("network.".length())
                        + " is set, from " + s.setting(other).origin());
            }
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            throw s.invalid(id, "\"" + file + "\" is not a readable file");
        }
        return file;
    }

    private static ObjectStorageConfig objectStorage(TypedSettings s, Path data) {
        String type = s.string("object_storage.type");
        String bucket = s.string("object_storage.bucket");
        if (!type.equals("Local") && bucket.isBlank()) {
            throw s.invalid("object_storage.bucket", "a bucket is required when [object_storage] type is " + type
                    + " (type from " + s.setting("object_storage.type").origin() + ")");
        }
        if (type.equals("Azure")) {
            throw s.invalid("object_storage.type", AZURE_UNSUPPORTED);
        }
        String endpoint = s.string("object_storage.endpoint");
        if (type.equals("Gcs") && endpoint.isBlank()) {
            endpoint = "https://storage.googleapis.com";
        }
        if (!endpoint.isBlank() && !isHttpUrl(endpoint)) {
            throw s.invalid("object_storage.endpoint", "\"" + endpoint + "\" is not an http:// or https:// URL");
        }
        boolean hasAccess = !s.string("object_storage.access_key").isEmpty();
        boolean hasSecret = !s.string("object_storage.secret_key").isEmpty();
        if (hasAccess != hasSecret) {
            String given = hasAccess ? "object_storage.access_key" : "object_storage.secret_key";
            throw s.invalid(hasAccess ? "object_storage.secret_key" : "object_storage.access_key",
                    "access_key and secret_key must be set together (or both left out for the default credential "
                            + "chain); only " + given.substring("object_storage.".length()) + " is set, from "
                            + s.setting(given).origin());
        }
        long baseDelay = s.longValue("object_storage.retry_base_delay_ms");
        long maxDelay = s.longValue("object_storage.retry_max_delay_ms");
        if (maxDelay < baseDelay) {
            throw s.invalid("object_storage.retry_max_delay_ms", maxDelay
                    + " must be at least [object_storage] retry_base_delay_ms (" + baseDelay + ")");
        }
        return new ObjectStorageConfig(type, bucket, s.string("object_storage.region"), endpoint,
                s.string("object_storage.access_key"), s.string("object_storage.secret_key"),
                s.bool("object_storage.path_style"), path(s, "object_storage.path", data, data.resolve("objects")),
                s.longValue("object_storage.multipart_threshold"), s.integer("object_storage.max_concurrent_uploads"),
                s.longValue("object_storage.multipart_part_size"), s.integer("object_storage.retry_max_attempts"),
                baseDelay, maxDelay, s.longValue("object_storage.retry_timeout_ms"),
                s.longValue("object_storage.max_upload_bytes_per_sec"),
                s.longValue("object_storage.retention_check_interval_ms"));
    }

    private static boolean isHttpUrl(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static ControllerConfig controller(TypedSettings s, BrokerConfig broker) {
        List<String> endpoints = s.list("controller.endpoints");
        for (String endpoint : endpoints) {
            try {
                HostPort.parse(endpoint);
            } catch (dev.rustmq.config.ConfigException e) {
                throw s.invalid("controller.endpoints", e.getMessage());
            }
        }
        long election = s.longValue("controller.election_timeout_ms");
        long heartbeat = s.longValue("controller.heartbeat_interval_ms");
        if (heartbeat >= election) {
            throw s.invalid("controller.heartbeat_interval_ms", heartbeat
                    + " must be smaller than [controller] election_timeout_ms (" + election + ")");
        }
        String nodeId = s.isSet("controller.node_id") ? nodeId(s, "controller.node_id") : broker.id();
        String advertised = s.isSet("controller.advertised_host") ? s.string("controller.advertised_host") : null;
        if (advertised != null && (advertised.isBlank() || HostNames.isWildcard(advertised))) {
            throw s.invalid("controller.advertised_host", "\"" + advertised + "\" is not a host others can reach");
        }
        return new ControllerConfig(endpoints, election, heartbeat, nodeId, s.hostPort("controller.raft_listen"),
                s.hostPort("controller.rpc_listen"), s.hostPort("controller.http_listen"), advertised,
                s.isSet("controller.rpc_listen"));
    }

    /**
     * {@code [raft]}: static peers (the default) or DNS discovery. With static peers, {@code voters}
     * (when set) must be their number; with DNS it is required.
     */
    private static RaftConfig raft(TypedSettings s) {
        List<String> peers = peers(s);
        String discovery = s.string("raft.discovery");
        String dnsQuery = s.string("raft.dns_query").trim();
        int voters = s.integer("raft.voters");
        if (discovery.equals("dns")) {
            if (dnsQuery.isEmpty()) {
                throw s.invalid("raft.dns_query", "is required with discovery = \"dns\": the headless Service's name, "
                        + "for example \"rustmq-controller.rustmq.svc.cluster.local\"");
            }
            if (voters < 1) {
                throw s.invalid("raft.voters", "is required with discovery = \"dns\": how many controllers make the "
                        + "cluster (for example 3)");
            }
            return new RaftConfig(peers, discovery, dnsQuery, voters);
        }
        if (voters == 0) {
            voters = Math.max(1, peers.size());
        } else if (voters != Math.max(1, peers.size())) {
            throw s.invalid("raft.voters", voters + " does not match the " + peers.size() + " [raft] peers");
        }
        return new RaftConfig(peers, discovery, dnsQuery, voters);
    }

    private static List<String> peers(TypedSettings s) {
        List<String> peers = s.list("raft.peers");
        for (String peer : peers) {
            if (!PEER.matcher(peer).matches()) {
                throw s.invalid("raft.peers", "\"" + peer + "\" is not of the form id@host:port");
            }
            try {
                HostPort.parse(peer.substring(peer.indexOf('@') + 1));
            } catch (dev.rustmq.config.ConfigException e) {
                throw s.invalid("raft.peers", "\"" + peer + "\": " + e.getMessage());
            }
        }
        return peers;
    }

    private static MetastoreConfig metastore(TypedSettings s, Path data) {
        String type = s.string("metastore.type");
        if (type.equals("etcd")) {
            // The seed's controller.toml says etcd; it starts as written, and says once what it does instead.
            EtcdNotice.warnOnce(s.list("metastore.endpoints"));
        }
        return new MetastoreConfig(type, path(s, "metastore.path", data, data.resolve("controller").resolve("metadata")));
    }
}
