package dev.rustmq.app;

import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ConfigLoader;
import dev.rustmq.config.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * MicroProfile ConfigSource over the TOML file(s) named by {@code RUSTMQ_CONFIG} (or the
 * {@code rustmq.config} system property), with {@code RUSTMQ_*} overrides applied. Keys appear as
 * {@code rustmq.<section>.<key>}, e.g. {@code rustmq.wal.fsync_on_write}. Its ordinal sits below
 * environment variables and system properties, as MicroProfile users expect.
 *
 * <p>A broken file must not break MicroProfile Config itself, so a load error is kept and raised
 * by {@link ConfigProducer} when start-up asks for the configuration.
 */
public final class TomlConfigSource implements ConfigSource {
    public static final String PREFIX = "rustmq.";
    private static final int ORDINAL = 250;

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final List<Path> files;
    private final ConfigException loadError;

    public TomlConfigSource() {
        this(System.getProperty("rustmq.config", System.getenv(ConfigLoader.CONFIG_ENV)), System.getenv());
    }

    TomlConfigSource(String fileSpec, Map<String, String> env) {
        this.files = ConfigLoader.filesFrom(fileSpec);
        ConfigException error = null;
        try {
            for (Map.Entry<String, Setting> e : ConfigLoader.load(files, env).entrySet()) {
                values.put(PREFIX + e.getKey(), e.getValue().value());
                origins.put(PREFIX + e.getKey(), e.getValue().origin());
            }
        } catch (ConfigException e) {
            error = e;
            values.clear();
            origins.clear();
        }
        this.loadError = error;
    }

    /** The files this source read; empty when none is configured (the embedded defaults apply). */
    public List<Path> files() {
        return files;
    }

    /** The error that stopped the files from loading, or null. */
    public ConfigException loadError() {
        return loadError;
    }

    /** Where a property's value came from: "FILE line N" or "environment variable RUSTMQ_...". */
    public String originOf(String propertyName) {
        return origins.get(propertyName);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(values.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "RustMQ TOML config " + files;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
