package dev.rustmq.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code RUSTMQ_*} environment variables that override file settings. Every key has its
 * {@link ConfigKey#envName() generic name} ({@code RUSTMQ_WAL_FSYNC_ON_WRITE}); the seed README's
 * shorter names are aliases, and the generic name wins when both are set.
 */
public final class EnvironmentOverrides {
    /** The seed README's variable names that do not follow the generic pattern. */
    static final Map<String, String> SEED_ALIASES = Map.of(
            "RUSTMQ_RACK_ID", "broker.rack_id",
            "RUSTMQ_STORAGE_BUCKET", "object_storage.bucket",
            "RUSTMQ_STORAGE_REGION", "object_storage.region",
            "RUSTMQ_CACHE_SIZE", "cache.read_cache_size_bytes",
            "RUSTMQ_MAX_CONNECTIONS", "network.max_connections");

    private EnvironmentOverrides() {
    }

    public static Map<String, Setting> read(Map<String, String> env) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        SEED_ALIASES.forEach((variable, id) -> put(settings, env, variable, id));
        for (ConfigKey key : ConfigSchema.keys()) {
            put(settings, env, key.envName(), key.id());
        }
        return settings;
    }

    private static void put(Map<String, Setting> settings, Map<String, String> env, String variable, String id) {
        String value = env.get(variable);
        if (value != null) {
            settings.put(id, new Setting(normalise(ConfigSchema.get(id), value), "environment variable " + variable));
        }
    }

    /** Lists may be written as {@code a,b} or in TOML form {@code ["a", "b"]}. */
    private static String normalise(ConfigKey key, String value) {
        String v = value.trim();
        if (key.type() == ValueType.STRING_LIST && v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1).replace("\"", "").replace("'", "");
        }
        return v;
    }
}
