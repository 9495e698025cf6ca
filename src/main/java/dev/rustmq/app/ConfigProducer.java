package dev.rustmq.app;

import dev.rustmq.config.ConfigKey;
import dev.rustmq.config.ConfigSchema;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Builds the typed {@link RustMqConfig} from MicroProfile Config: the TOML source plus whatever
 * outranks it (environment, system properties, Liberty variables). Values are checked here, once,
 * at start-up; an error names the key and where its value came from.
 */
@ApplicationScoped
public class ConfigProducer {
    private volatile RustMqConfig config;

    @Produces
    @Dependent
    public RustMqConfig config() {
        RustMqConfig c = config;
        if (c == null) {
            synchronized (this) {
                if (config == null) {
                    config = load(ConfigProvider.getConfig(ConfigProducer.class.getClassLoader()));
                }
                c = config;
            }
        }
        return c;
    }

    static RustMqConfig load(Config mp) {
        TomlConfigSource toml = null;
        for (var source : mp.getConfigSources()) {
            if (source instanceof TomlConfigSource t) {
                toml = t;
            }
        }
        if (toml != null && toml.loadError() != null) {
            throw toml.loadError();
        }
        Map<String, Setting> settings = new HashMap<>();
        for (ConfigKey key : ConfigSchema.keys()) {
            String property = TomlConfigSource.PREFIX + key.id();
            ConfigValue value = mp.getConfigValue(property);
            if (value.getValue() != null) {
                settings.put(key.id(), new Setting(value.getValue(), origin(toml, property, value)));
            }
        }
        ConfigValue role = mp.getConfigValue("rustmq.role");
        ConfigValue dataDir = mp.getConfigValue("rustmq.data_dir");
        return RustMqConfig.from(settings,
                Path.of(dataDir.getValue() == null ? "data" : dataDir.getValue()),
                Role.parse(role.getValue(), role.getSourceName() + " (rustmq.role / RUSTMQ_ROLE)"));
    }

    private static String origin(TomlConfigSource toml, String property, ConfigValue value) {
        if (toml != null && value.getValue().equals(toml.getValue(property))) {
            return toml.originOf(property);
        }
        return value.getSourceName() + " (property " + property + ")";
    }
}
