package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a TOML file may contain, and how each mistake in it is reported. */
class TomlConfigFileTest {
    @TempDir
    Path dir;

    private Map<String, Setting> read(String toml) {
        return TomlConfigFile.read(ConfigFiles.write(dir, "broker.toml", toml), Map.of());
    }

    private String file() {
        return dir.resolve("broker.toml").toString();
    }

    @Test
    void readsCanonicalValuesWithFileAndLine() {
        Map<String, Setting> s = read("""
                # comment
                [wal]
                fsync_on_write = false
                capacity_bytes = 2_147_483_648

                [autobalancer]
                cpu_threshold = 1
                """);

        assertThat(s.get("wal.fsync_on_write")).isEqualTo(new Setting("false", file() + " line 3"));
        assertThat(s.get("wal.capacity_bytes")).isEqualTo(new Setting("2147483648", file() + " line 4"));
        // An integer is a valid number for a floating-point key.
        assertThat(s.get("autobalancer.cpu_threshold")).isEqualTo(new Setting("1", file() + " line 7"));
        assertThat(s).hasSize(3);
    }

    @Test
    void emptyFileHasNoSettings() {
        assertThat(read("# nothing configured\n")).isEmpty();
    }

    @Test
    void stringForBooleanIsRejected() {
        assertThatThrownBy(() -> read("[wal]\nfsync_on_write = \"yes\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [wal] fsync_on_write (from " + file()
                        + " line 2): expected true or false, got the string \"yes\"");
    }

    @Test
    void stringForIntegerIsRejected() {
        assertThatThrownBy(() -> read("[network]\nmax_connections = \"10000\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [network] max_connections (from " + file()
                        + " line 2): expected an integer, got the string \"10000\"");
    }

    @Test
    void floatForIntegerIsRejected() {
        assertThatThrownBy(() -> read("[wal]\nbuffer_size = 1.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [wal] buffer_size (from " + file() + " line 2)")
                .hasMessageContaining("expected an integer");
    }

    @Test
    void numberForStringIsRejected() {
        assertThatThrownBy(() -> read("[broker]\nid = 7\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [broker] id (from " + file() + " line 2): expected a string, got the long 7");
    }

    @Test
    void stringForListIsRejected() {
        assertThatThrownBy(() -> read("[controller]\nendpoints = \"a:9094\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] endpoints (from " + file() + " line 2)")
                .hasMessageContaining("expected a list of strings");
    }

    @Test
    void nonStringListElementIsRejected() {
        assertThatThrownBy(() -> read("[controller]\nendpoints = [\"a:9094\", 9094]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [controller] endpoints (from " + file() + " line 2)")
                .hasMessageContaining("element 2 is the long 9094; expected strings");
    }

    @Test
    void listElementWithCommaIsRejected() {
        // Lists travel comma-joined, so a comma inside an element would split it silently.
        assertThatThrownBy(() -> read("[raft]\npeers = [\"a@h:1,b@h:2\"]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [raft] peers (from " + file() + " line 2)")
                .hasMessageContaining("must not contain commas");
    }

    @Test
    void misspeltKeyGetsADidYouMeanHint() {
        assertThatThrownBy(() -> read("[wal]\npath = \"/tmp/wal\"\nfsync_on_wrte = true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown key [wal] fsync_on_wrte in " + file() + " line 3 (did you mean fsync_on_write?)");
    }

    @Test
    void unrelatedUnknownKeyListsTheSectionsKeys() {
        assertThatThrownBy(() -> read("[cache]\ncolour = \"blue\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown key [cache] colour in " + file() + " line 2; known keys in [cache]: "
                        + "[write_cache_size_bytes, read_cache_size_bytes, eviction_policy]");
    }

    @Test
    void keyOfAnotherSectionIsUnknownHere() {
        assertThatThrownBy(() -> read("[network]\nfsync_on_write = true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown key [network] fsync_on_write in " + file() + " line 2");
    }

    @Test
    void unknownSectionIsRejected() {
        assertThatThrownBy(() -> read("[broker]\nid = \"b1\"\n\n[storage]\nbucket = \"x\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown section [storage] in " + file() + " line 4; known sections: [broker, ")
                .hasMessageContaining("object_storage");
    }

    @Test
    void topLevelKeyOutsideASectionIsRejected() {
        assertThatThrownBy(() -> read("log_level = \"info\"\n[broker]\nid = \"b1\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown top-level key \"log_level\" in " + file() + " line 1")
                .hasMessageContaining("every key belongs to a section");
    }

    @Test
    void nestedTableIsAnUnknownKey() {
        assertThatThrownBy(() -> read("[wal]\npath = \"/w\"\n[wal.extra]\nx = 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown key [wal] extra in " + file());
    }

    @Test
    void syntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> read("[broker]\nid = \"b1\"\nrack_id = \n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config file " + file() + " is not valid TOML: line 3, column ");
    }

    @Test
    void unterminatedStringNamesTheLine() {
        assertThatThrownBy(() -> read("[broker]\n\n\n\nid = \"b1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config file " + file() + " is not valid TOML: line 5,");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        assertThatThrownBy(() -> read("[wal]\nbuffer_size = 4096\nbuffer_size = 8192\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config file " + file() + " is not valid TOML: line 3");
    }

    @Test
    void missingFileIsRejected() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> TomlConfigFile.read(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config file " + missing + " does not exist or is not a file");
    }

    @Test
    void folderInsteadOfFileIsRejected() {
        assertThatThrownBy(() -> TomlConfigFile.read(dir, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir + " does not exist or is not a file");
    }
}
