package dev.rustmq.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes TOML snippets to files and reads them the way start-up does. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String toml) {
        try {
            return Files.writeString(dir.resolve(name), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a TOML snippet and builds the full configuration of a combined node. */
    static RustMqConfig build(Path dir, String toml) {
        return build(dir, toml, Map.of());
    }

    static RustMqConfig build(Path dir, String toml, Map<String, String> env) {
        Path file = write(dir, "test.toml", toml);
        return RustMqConfig.from(TomlConfigFile.read(file, env), dir.resolve("data"), Role.COMBINED);
    }

    /** A file under src/test/resources/seed. */
    static Path seed(String name) {
        try {
            return Path.of(ConfigFiles.class.getResource("/seed/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
