package dev.rustmq.config;

import java.util.List;
import java.util.Map;

/** Typed, checked reads of a settings map, falling back to each key's default. */
final class TypedSettings {
    private final Map<String, Setting> settings;

    TypedSettings(Map<String, Setting> settings) {
        this.settings = settings;
    }

    /** The setting for a key, or its default; {@code null} when neither exists. */
    Setting setting(String id) {
        Setting s = settings.get(id);
        if (s != null) {
            return s;
        }
        String dflt = ConfigSchema.get(id).defaultValue();
        return dflt == null ? null : new Setting(dflt, "default");
    }

    boolean isSet(String id) {
        return settings.containsKey(id);
    }

    Object value(String id) {
        Setting s = setting(id);
        return s == null ? null : ConfigSchema.get(id).convert(s);
    }

    String string(String id) {
        return (String) value(id);
    }

    boolean bool(String id) {
        return (Boolean) value(id);
    }

    int integer(String id) {
        return (Integer) value(id);
    }

    long longValue(String id) {
        return (Long) value(id);
    }

    double doubleValue(String id) {
        return (Double) value(id);
    }

    HostPort hostPort(String id) {
        return (HostPort) value(id);
    }

    @SuppressWarnings("unchecked")
    List<String> list(String id) {
        return (List<String>) value(id);
    }

    /** An error about a key whose value is well-formed but unusable. */
    dev.rustmq.config.ConfigException invalid(String id, String problem) {
        ConfigKey key = ConfigSchema.get(id);
        Setting s = setting(id);
        return key.invalid(s == null ? new Setting("", "default") : s, problem);
    }
}
