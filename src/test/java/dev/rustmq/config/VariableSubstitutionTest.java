package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${VAR}} in config files, as the seed's Kubernetes ConfigMap uses it. */
class VariableSubstitutionTest {
    @TempDir
    Path dir;

    private Map<String, Setting> read(String toml, Map<String, String> env) {
        return TomlConfigFile.read(ConfigFiles.write(dir, "broker.toml", toml), env);
    }

    private String value(String toml, Map<String, String> env, String id) {
        return read(toml, env).get(id).value();
    }

    @Test
    void setVariableIsSubstituted() {
        assertThat(value("[broker]\nid = \"${HOSTNAME}\"\n", Map.of("HOSTNAME", "rustmq-broker-2"), "broker.id"))
                .isEqualTo("rustmq-broker-2");
    }

    @Test
    void severalVariablesAndTextAroundThem() {
        Map<String, String> env = Map.of("PROJECT", "acme", "ENV", "prod");
        assertThat(value("[object_storage]\nbucket = \"${PROJECT}-rustmq-${ENV}\"\n", env, "object_storage.bucket"))
                .isEqualTo("acme-rustmq-prod");
    }

    @Test
    void defaultIsUsedOnlyWhenTheVariableIsUnset() {
        String toml = "[broker]\nrack_id = \"${NODE_ZONE:-zone-a}\"\n";
        assertThat(value(toml, Map.of(), "broker.rack_id")).isEqualTo("zone-a");
        assertThat(value(toml, Map.of("NODE_ZONE", "us-central1-b"), "broker.rack_id")).isEqualTo("us-central1-b");
    }

    @Test
    void defaultIsUsedWhenTheVariableIsEmpty() {
        // As in a shell: ":-" means unset *or empty*. Kubernetes sets a fieldRef to a missing label to "".
        assertThat(value("[broker]\nrack_id = \"${NODE_ZONE:-zone-a}\"\n", Map.of("NODE_ZONE", ""), "broker.rack_id"))
                .isEqualTo("zone-a");
    }

    @Test
    void emptyVariableWithoutDefaultStaysEmpty() {
        assertThat(value("[object_storage]\nendpoint = \"${S3_ENDPOINT}\"\n", Map.of("S3_ENDPOINT", ""),
                "object_storage.endpoint")).isEmpty();
    }

    @Test
    void emptyDefaultIsAllowed() {
        assertThat(value("[object_storage]\nendpoint = \"${S3_ENDPOINT:-}\"\n", Map.of(), "object_storage.endpoint"))
                .isEmpty();
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        Map<String, String> env = Map.of("HOME", "/root");
        assertThat(value("[object_storage]\nsecret_key = \"pa$$word\"\n", env, "object_storage.secret_key"))
                .isEqualTo("pa$word");
        assertThat(value("[object_storage]\nsecret_key = \"$${HOME}\"\n", env, "object_storage.secret_key"))
                .isEqualTo("${HOME}");
    }

    @Test
    void loneDollarIsKept() {
        assertThat(value("[object_storage]\nsecret_key = \"a$b$\"\n", Map.of(), "object_storage.secret_key"))
                .isEqualTo("a$b$");
    }

    @Test
    void substitutedValueIsNotSubstitutedAgain() {
        assertThat(value("[broker]\nrack_id = \"${A}\"\n", Map.of("A", "${B}", "B", "x"), "broker.rack_id"))
                .isEqualTo("${B}");
    }

    @Test
    void unsetVariableNamesTheKeyAndTheVariable() {
        Path file = dir.resolve("broker.toml");
        assertThatThrownBy(() -> read("[broker]\n\nid = \"${HOSTNAME}\"\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [broker] id (from " + file + " line 3): it refers to ${HOSTNAME}, "
                        + "which is not set in the environment (set it, or write ${HOSTNAME:-default})");
    }

    @Test
    void variablesAreSubstitutedInsideStringLists() {
        Map<String, String> env = Map.of("CONTROLLER", "rustmq-controller", "PORT", "9094");
        assertThat(value("[controller]\nendpoints = [\"${CONTROLLER}-0:${PORT}\", \"${CONTROLLER}-1:${PORT}\"]\n",
                env, "controller.endpoints"))
                .isEqualTo("rustmq-controller-0:9094,rustmq-controller-1:9094");
    }

    @Test
    void unsetVariableInsideAListNamesTheKey() {
        assertThatThrownBy(() -> read("[raft]\npeers = [\"c0@${PEER_HOST}:9095\"]\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] peers (from " + dir.resolve("broker.toml") + " line 2)")
                .hasMessageContaining("${PEER_HOST}");
    }

    @Test
    void variableExpandingToACommaInAListIsRejected() {
        assertThatThrownBy(() -> read("[controller]\nendpoints = [\"${HOSTS}\"]\n", Map.of("HOSTS", "a:1,b:2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] endpoints")
                .hasMessageContaining("must not contain commas");
    }

    @Test
    void substitutionAppliesToHostPortsAndEnums() {
        RustMqConfig c = ConfigFiles.build(dir, """
                [network]
                quic_listen = "${BIND:-0.0.0.0}:${QUIC_PORT}"
                [object_storage]
                type = "${STORAGE_TYPE}"
                bucket = "b"
                """, Map.of("QUIC_PORT", "19092", "STORAGE_TYPE", "S3"));
        assertThat(c.network().quicListen()).isEqualTo(new HostPort("0.0.0.0", 19092));
        assertThat(c.objectStorage().type()).isEqualTo("S3");
    }

    @Test
    void variablesAreNotSubstitutedInsideNumbersOrComments() {
        // Only strings are substituted; a variable in a comment is not an error.
        Map<String, Setting> s = read("[wal]\nbuffer_size = 4096 # ${NOT_SET}\n", Map.of());
        assertThat(s.get("wal.buffer_size").value()).isEqualTo("4096");
    }
}
