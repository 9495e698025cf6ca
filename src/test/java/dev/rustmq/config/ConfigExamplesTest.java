package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration files we ship (config/ and the Kubernetes ConfigMap) load without errors. */
class ConfigExamplesTest {
    private static final Map<String, String> POD_ENV = Map.of("HOSTNAME", "rustmq-broker-0", "NODE_ZONE",
            "us-central1-a", "GCS_BUCKET", "proj-rustmq-data", "GCP_REGION", "us-central1", "POD_IP", "10.4.0.7");

    /** The server's tests run at the top of the repository, where the example files live. */
    private static final Path REPO = Path.of("");

    @TempDir
    Path data;

    @Test
    void exampleBrokerAndControllerFilesBuildACombinedConfig() {
        RustMqConfig config = RustMqConfig.from(ConfigLoader.load(
                List.of(REPO.resolve("config/broker.toml"), REPO.resolve("config/controller.toml")), Map.of()),
                data, Role.COMBINED);
        assertThat(config.broker().id()).isEqualTo("broker-001");
        assertThat(config.wal().path()).isEqualTo(data.resolve("broker/wal"));
        assertThat(config.wal().fsyncOnWrite()).isTrue();
        assertThat(config.objectStorage().type()).isEqualTo("Local");
        assertThat(config.controller().nodeId()).isEqualTo("controller-0");
        assertThat(config.controller().httpListen()).isEqualTo(new HostPort("127.0.0.1", 9642));
        assertThat(config.metastore().path()).isEqualTo(data.resolve("controller/metadata"));
        assertThat(config.raft().peers()).containsExactly("controller-0@127.0.0.1:9095");
    }

    @Test
    void kubernetesConfigMapFilesLoadWithThePodEnvironment() throws IOException {
        String yaml = Files.readString(REPO.resolve("k8s/configmap.yaml"));
        Path broker = Files.writeString(data.resolve("broker.toml"), block(yaml, "broker.toml"));
        Path controller = Files.writeString(data.resolve("controller.toml"), block(yaml, "controller.toml"));

        RustMqConfig brokerConfig = RustMqConfig.from(ConfigLoader.load(List.of(broker), POD_ENV), data,
                Role.COMBINED);
        assertThat(brokerConfig.broker().id()).isEqualTo("rustmq-broker-0");
        assertThat(brokerConfig.broker().rackId()).isEqualTo("us-central1-a");
        assertThat(brokerConfig.objectStorage().bucket()).isEqualTo("proj-rustmq-data");
        assertThat(brokerConfig.wal().path()).isEqualTo(Path.of("/var/lib/rustmq/wal"));

        assertThat(brokerConfig.broker().advertised(brokerConfig.network().quicListen())).isEqualTo("10.4.0.7:9092");
        assertThat(brokerConfig.controller().endpoints()).hasSize(3);

        RustMqConfig controllerConfig = RustMqConfig.from(ConfigLoader.load(List.of(controller),
                Map.of("HOSTNAME", "rustmq-controller-1")), data, Role.CONTROLLER);
        assertThat(controllerConfig.raft().peers()).hasSize(3);
        assertThat(controllerConfig.raft().discovery()).isEqualTo("dns");
        assertThat(controllerConfig.raft().dnsQuery()).isEqualTo("rustmq-controller.rustmq.svc.cluster.local");
        assertThat(controllerConfig.raft().voters()).isEqualTo(3);
        assertThat(controllerConfig.controller().reachableHost()).isEqualTo("rustmq-controller-1.rustmq-controller");
        assertThat(controllerConfig.metastore().type()).isEqualTo("infinispan");
    }

    @Test
    void composeFilesBuildThreeControllersAndBrokersThatFindEachOther() throws IOException {
        String compose = Files.readString(REPO.resolve("docker/docker-compose.yml"));
        for (String service : List.of("controller-1", "controller-2", "controller-3", "broker-1", "broker-2",
                "broker-3")) {
            assertThat(compose).as("service %s", service).contains("\n  " + service + ":\n");
        }
        RustMqConfig controller = RustMqConfig.from(ConfigLoader.load(List.of(REPO.resolve("docker/controller.toml")),
                Map.of("NODE_ID", "controller-2")), data, Role.CONTROLLER);
        assertThat(controller.raft().peerIds()).containsExactly("controller-1", "controller-2", "controller-3");
        assertThat(controller.raft().peerIds()).contains(controller.controller().nodeId());
        assertThat(controller.controller().reachableHost()).isEqualTo("controller-2");

        RustMqConfig broker = RustMqConfig.from(ConfigLoader.load(List.of(REPO.resolve("docker/broker.toml")),
                Map.of("NODE_ID", "broker-3")), data, Role.BROKER);
        assertThat(broker.controller().endpoints())
                .containsExactly("controller-1:9094", "controller-2:9094", "controller-3:9094");
        assertThat(broker.broker().advertised(broker.network().quicListen())).isEqualTo("broker-3:9092");
        assertThat(broker.objectStorage().path()).isEqualTo(Path.of("/var/lib/rustmq-objects"));
    }

    /** The literal block under {@code name: |} in the ConfigMap, de-indented. */
    private static String block(String yaml, String name) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : yaml.split("\n")) {
            if (line.trim().equals(name + ": |")) {
                inside = true;
                continue;
            }
            if (inside) {
                if (!line.isBlank() && !line.startsWith("    ")) {
                    break;
                }
                out.append(line.length() >= 4 ? line.substring(4) : "").append('\n');
            }
        }
        assertThat(out).as("block " + name).isNotEmpty();
        return out.toString();
    }
}
