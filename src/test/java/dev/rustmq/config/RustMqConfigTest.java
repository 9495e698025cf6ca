package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Building the typed configuration: defaults, bounds, and rules that span several keys. */
class RustMqConfigTest {
    @TempDir
    Path dir;

    private String file() {
        return dir.resolve("test.toml").toString();
    }

    @Test
    void defaultsDescribeTheEmbeddedNode() {
        RustMqConfig c = RustMqConfig.defaults(dir);
        Path data = dir.toAbsolutePath().normalize();

        assertThat(c.role()).isEqualTo(Role.COMBINED);
        assertThat(c.dataDir()).isEqualTo(data);
        assertThat(c.wal().path()).isEqualTo(data.resolve("broker/wal"));
        assertThat(c.metastore()).isEqualTo(new MetastoreConfig("infinispan", data.resolve("controller/metadata")));
        assertThat(c.objectStorage().type()).isEqualTo("Local");
        assertThat(c.objectStorage().path()).isEqualTo(data.resolve("objects"));
        assertThat(c.objectStorage().bucket()).isEmpty();
        assertThat(c.broker()).isEqualTo(new BrokerConfig("0", "default"));
        assertThat(c.controller().nodeId()).isEqualTo("0");
        assertThat(c.controller().endpoints()).containsExactly("127.0.0.1:9094");
        assertThat(c.controller().httpListen()).isEqualTo(new HostPort("127.0.0.1", 9642));
        assertThat(c.network().quicListen()).isEqualTo(new HostPort("127.0.0.1", 9092));
        assertThat(c.wal().fsyncOnWrite()).isTrue();
        assertThat(c.wal().segmentSizeBytes()).isLessThanOrEqualTo(c.wal().capacityBytes());
        assertThat(c.controller().heartbeatIntervalMs()).isLessThan(c.controller().electionTimeoutMs());
        assertThat(c.raft().peers()).isEmpty();
        assertThat(c.etl().enabled()).isFalse();
        assertThat(c.autobalancer().enabled()).isFalse();
    }

    @Test
    void relativeDataDirIsMadeAbsolute() {
        RustMqConfig c = RustMqConfig.defaults(Path.of("data/../data"));
        assertThat(c.dataDir()).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath().normalize());
        assertThat(c.wal().path()).isAbsolute().startsWithRaw(c.dataDir());
    }

    @Test
    void explicitPathsReplaceTheDefaults() {
        RustMqConfig c = ConfigFiles.build(dir, """
                [wal]
                path = "/srv/wal/../wal"
                [metastore]
                path = "/srv/meta"
                [object_storage]
                path = "/srv/objects"
                """);
        assertThat(c.wal().path()).isEqualTo(Path.of("/srv/wal"));
        assertThat(c.metastore().path()).isEqualTo(Path.of("/srv/meta"));
        assertThat(c.objectStorage().path()).isEqualTo(Path.of("/srv/objects"));
    }

    @Test
    void emptyPathIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[wal]\npath = \"  \"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [wal] path (from " + file() + " line 2): the path is empty");
    }

    @Test
    void integerOutOfRangeIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\nmax_connections = 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [network] max_connections (from " + file()
                        + " line 2): 0 is out of range; allowed 1 to 1000000");
    }

    @Test
    void integerBeyondIntIsOutOfRangeNotTruncated() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\nmax_connections = 4294967297\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[network] max_connections")
                .hasMessageContaining("4294967297 is out of range");
    }

    @Test
    void rangeBoundsAreInclusive() {
        RustMqConfig c = ConfigFiles.build(dir, """
                [network]
                max_connections = 1000000
                [wal]
                buffer_size = 512
                [autobalancer]
                cpu_threshold = 1.0
                """);
        assertThat(c.network().maxConnections()).isEqualTo(1_000_000);
        assertThat(c.wal().bufferSize()).isEqualTo(512);
        assertThat(c.autobalancer().cpuThreshold()).isEqualTo(1.0);
    }

    @Test
    void doubleOutOfRangeIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[autobalancer]\nmemory_threshold = 1.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [autobalancer] memory_threshold (from " + file()
                        + " line 2): 1.5 is out of range; allowed 0.01 to 1.0");
    }

    @Test
    void negativeSizeIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[cache]\nread_cache_size_bytes = -1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [cache] read_cache_size_bytes (from " + file() + " line 2)");
    }

    @Test
    void unknownEnumValueIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[object_storage]\ntype = \"Dropbox\"\nbucket = \"b\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [object_storage] type (from " + file()
                        + " line 2): \"Dropbox\" is not one of [Local, S3, Gcs, Azure]");
    }

    @Test
    void enumValuesAreCaseInsensitiveAndCanonicalised() {
        RustMqConfig c = ConfigFiles.build(dir, """
                [object_storage]
                type = "s3"
                bucket = "b"
                [cache]
                eviction_policy = "LRU"
                """);
        assertThat(c.objectStorage().type()).isEqualTo("S3");
        assertThat(c.cache().evictionPolicy()).isEqualTo("Lru");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.0.0.0:", ":9092", "host:port", "host:65536", "host:-1"})
    void badHostPortIsRejected(String value) {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\nquic_listen = \"" + value + "\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] quic_listen (from " + file() + " line 2): ")
                .hasMessageContaining(value);
    }

    @Test
    void badControllerEndpointIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[controller]\nendpoints = [\"c1:9094\", \"c2\"]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [controller] endpoints (from " + file()
                        + " line 2): expected \"host:port\", got \"c2\"");
    }

    @Test
    void segmentLargerThanWalCapacityIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, """
                [wal]
                capacity_bytes = 1048576
                segment_size_bytes = 2097152
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [wal] segment_size_bytes (from " + file() + " line 3): a segment "
                        + "(2097152 bytes) cannot be larger than [wal] capacity_bytes (1048576)");
    }

    @Test
    void segmentAsLargeAsWalCapacityIsAccepted() {
        RustMqConfig c = ConfigFiles.build(dir, "[wal]\ncapacity_bytes = 1048576\nsegment_size_bytes = 1048576\n");
        assertThat(c.wal().segmentSizeBytes()).isEqualTo(c.wal().capacityBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void heartbeatNotShorterThanElectionTimeoutIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, """
                [controller]
                election_timeout_ms = 1000
                heartbeat_interval_ms = 1000
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [controller] heartbeat_interval_ms (from " + file()
                        + " line 3): 1000 must be smaller than [controller] election_timeout_ms (1000)");
    }

    @Test
    void defaultHeartbeatAgainstTooShortElectionTimeoutIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[controller]\nelection_timeout_ms = 500\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] heartbeat_interval_ms (from default)")
                .hasMessageContaining("election_timeout_ms (500)");
    }

    @Test
    void s3WithoutBucketIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[object_storage]\ntype = \"S3\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] bucket")
                .hasMessageContaining("a bucket is required when [object_storage] type is S3")
                .hasMessageContaining("type from " + dir.resolve("test.toml") + " line 2");
    }

    @Test
    void blankBucketIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[object_storage]\ntype = \"Azure\"\nbucket = \" \"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] bucket (from " + file() + " line 3)")
                .hasMessageContaining("type is Azure");
    }

    @Test
    void gcsGetsItsDefaultEndpoint() {
        RustMqConfig c = ConfigFiles.build(dir, "[object_storage]\ntype = \"Gcs\"\nbucket = \"b\"\n");
        assertThat(c.objectStorage().endpoint()).isEqualTo("https://storage.googleapis.com");
    }

    @Test
    void accessKeyWithoutSecretKeyIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, """
                [object_storage]
                type = "S3"
                bucket = "b"
                access_key = "AKIA123"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] secret_key")
                .hasMessageContaining("access_key and secret_key must be set together");
    }

    @Test
    void secretKeyWithoutAccessKeyIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, """
                [object_storage]
                type = "S3"
                bucket = "b"
                secret_key = "s3cr3t"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] access_key")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void credentialsAreKeptButNeverPrinted() {
        RustMqConfig c = ConfigFiles.build(dir, """
                [object_storage]
                type = "S3"
                bucket = "b"
                access_key = "AKIA123"
                secret_key = "s3cr3t"
                path_style = true
                """);
        assertThat(c.objectStorage().secretKey()).isEqualTo("s3cr3t");
        assertThat(c.objectStorage().pathStyle()).isTrue();
        assertThat(c.objectStorage().toString()).doesNotContain("s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller-0:9095", "@host:9095", "c0@host", "c0@host:port", "c 0@host:9095",
            "c0@host:99999", "c0@host:65536"})
    void badRaftPeerIsRejected(String peer) {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[raft]\npeers = [\"c1@h1:9095\", \"" + peer + "\"]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] peers (from " + file() + " line 2): ")
                .hasMessageContaining(peer);
    }

    @Test
    void raftPeersAcceptIdAtHostPort() {
        RustMqConfig c = ConfigFiles.build(dir, "[raft]\npeers = [\"c-0@10.0.0.1:9095\", \"c_1@[::1]:65535\"]\n");
        assertThat(c.raft().peers()).containsExactly("c-0@10.0.0.1:9095", "c_1@[::1]:65535");
    }

    @Test
    void severalPeersMakeAReplicatedMetadataClusterOfThatManyVoters() {
        RustMqConfig c = ConfigFiles.build(dir, "[controller]\nnode_id = \"c1\"\n[raft]\npeers = [\"c0@h0:9095\", "
                + "\"c1@h1:9095\", \"c2@h2:9095\"]\n");
        assertThat(c.raft().voters()).isEqualTo(3);
        assertThat(c.raft().replicated()).isTrue();
        assertThat(c.raft().peerIds()).containsExactly("c0", "c1", "c2");
        assertThat(c.raft().peerAddresses()).containsExactly(new HostPort("h0", 9095), new HostPort("h1", 9095),
                new HostPort("h2", 9095));
    }

    @Test
    void votersThatDoNotMatchThePeersAreRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[raft]\npeers = [\"c0@h0:9095\", \"c1@h1:9095\", "
                + "\"c2@h2:9095\"]\nvoters = 5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] voters")
                .hasMessageContaining("5 does not match the 3 [raft] peers");
    }

    @Test
    void dnsDiscoveryNeedsItsQueryAndTheNumberOfVoters() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[raft]\ndiscovery = \"dns\"\nvoters = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] dns_query");
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[raft]\ndiscovery = \"dns\"\ndns_query = \"svc\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] voters");

        RustMqConfig c = ConfigFiles.build(dir, "[raft]\ndiscovery = \"dns\"\ndns_query = \"rustmq-controller\"\n"
                + "voters = 3\n");
        assertThat(c.raft()).isEqualTo(new RaftConfig(List.of(), "dns", "rustmq-controller", 3));
    }

    @Test
    void aBrokersAdvertisedHostReplacesAWildcardListenHost() {
        RustMqConfig c = ConfigFiles.build(dir, "[network]\nquic_listen = \"0.0.0.0:9092\"\nadvertised_host = "
                + "\"broker-0.example\"\n");
        assertThat(c.broker().advertised(c.network().quicListen())).isEqualTo("broker-0.example:9092");
        RustMqConfig plain = ConfigFiles.build(dir, "[network]\nquic_listen = \"10.0.0.5:9092\"\n");
        assertThat(plain.broker().advertised(plain.network().quicListen())).isEqualTo("10.0.0.5:9092");
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\nadvertised_host = \"0.0.0.0\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] advertised_host");
    }

    @Test
    void aWildcardAdvertisedHostIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[controller]\nadvertised_host = \"0.0.0.0\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] advertised_host")
                .hasMessageContaining("not a host others can reach");
    }

    @Test
    void theReachableHostIsTheAdvertisedOneElseTheListenHostElseTheMachinesName() {
        assertThat(ConfigFiles.build(dir, "[controller]\nraft_listen = \"10.1.2.3:9095\"\n").controller()
                .reachableHost()).isEqualTo("10.1.2.3");
        assertThat(ConfigFiles.build(dir, "[controller]\nraft_listen = \"0.0.0.0:9095\"\nadvertised_host = "
                + "\"ctl-0.example\"\n").controller().reachableHost()).isEqualTo("ctl-0.example");
        assertThat(ConfigFiles.build(dir, "[controller]\nraft_listen = \"0.0.0.0:9095\"\n").controller()
                .reachableHost()).isEqualTo(HostNames.reachable("0.0.0.0")).isNotEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "broker 1", "broker/1", "brøker", "b:1"})
    void badBrokerIdIsRejected(String id) {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[broker]\nid = \"" + id + "\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [broker] id (from " + file() + " line 2): \"" + id + "\"")
                .hasMessageContaining("must be 1 to 128 characters");
    }

    @Test
    void brokerIdLengthLimitIs128() {
        assertThat(ConfigFiles.build(dir, "[broker]\nid = \"" + "b".repeat(128) + "\"\n").broker().id()).hasSize(128);
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[broker]\nid = \"" + "b".repeat(129) + "\"\n"))
                .hasMessageStartingWith("Invalid value for [broker] id");
    }

    @Test
    void badControllerNodeIdIsRejected() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[controller]\nnode_id = \"node#1\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] node_id (from " + file() + " line 2)");
    }

    @Test
    void settingsFromAMapUseTheirOrigin() {
        RustMqConfig c = RustMqConfig.from(Map.of("wal.buffer_size", new Setting("4096", "test")), dir, Role.CONTROLLER);
        assertThat(c.role()).isEqualTo(Role.CONTROLLER);
        assertThat(c.wal().bufferSize()).isEqualTo(4096);

        assertThatThrownBy(() -> RustMqConfig.from(Map.of("wal.buffer_size", new Setting("big", "test")), dir,
                Role.COMBINED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [wal] buffer_size (from test): expected an integer, got \"big\"");
    }
}
