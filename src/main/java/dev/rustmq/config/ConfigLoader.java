package dev.rustmq.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges config files (later files win) and then {@code RUSTMQ_*} environment overrides into
 * one settings map. {@code RUSTMQ_CONFIG} names the file, or several separated by commas, e.g.
 * {@code config/broker.toml,config/controller.toml} for a combined node.
 */
public final class ConfigLoader {
    public static final String CONFIG_ENV = "RUSTMQ_CONFIG";

    private ConfigLoader() {
    }

    public static Map<String, Setting> load(List<Path> files, Map<String, String> env) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Path file : files) {
            settings.putAll(TomlConfigFile.read(file, env));
        }
        settings.putAll(EnvironmentOverrides.read(env));
        return settings;
    }

    /** The files named by a {@code RUSTMQ_CONFIG} value; none when it is unset or blank. */
    public static List<Path> filesFrom(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}
