package dev.rustmq.config;

import dev.rustmq.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one {@code broker.toml} / {@code controller.toml}: TOML syntax by tomlj, then every
 * section and key against {@link ConfigSchema}. Unknown sections or keys and values of the wrong
 * TOML type are errors naming the file, line and key, so a typo cannot silently fall back to a
 * default.
 */
public final class TomlConfigFile {
    private TomlConfigFile() {
    }

    /** Settings keyed by {@link ConfigKey#id()}, with {@code ${VAR}} already substituted from {@code env}. */
    public static Map<String, Setting> read(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Config file " + file + " does not exist or is not a file");
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new ConfigException("Config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new ConfigException("Config file " + file + " is not valid TOML: line " + first.position().line()
                    + ", column " + first.position().column() + ": " + first.getMessage());
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String section : sortedByPosition(toml)) {
            Object value = toml.get(List.of(section));
            String where = file + " line " + line(toml.inputPositionOf(List.of(section)));
            if (!(value instanceof TomlTable table)) {
                throw new ConfigException("Unknown top-level key \"" + section + "\" in " + where
                        + ": every key belongs to a section such as [broker] or [wal]");
            }
            if (!ConfigSchema.isSection(section)) {
                throw new ConfigException("Unknown section [" + section + "] in " + where + "; known sections: "
                        + ConfigSchema.sections());
            }
            readSection(file, section, table, env, settings);
        }
        return settings;
    }

    private static void readSection(Path file, String section, TomlTable table, Map<String, String> env,
                                    Map<String, Setting> settings) {
        for (String name : table.keySet()) {
            String origin = file + " line " + line(table.inputPositionOf(List.of(name)));
            ConfigKey key = ConfigSchema.find(section + "." + name).orElseThrow(() -> unknownKey(section, name, origin));
            Object value = table.get(List.of(name));
            settings.put(key.id(), new Setting(canonical(key, value, env, origin), origin));
        }
    }

    private static ConfigException unknownKey(String section, String name, String origin) {
        String hint = Suggestions.closest(name, ConfigSchema.namesIn(section))
                .map(s -> " (did you mean " + s + "?)")
                .orElse("; known keys in [" + section + "]: " + ConfigSchema.namesIn(section));
        return new ConfigException("Unknown key [" + section + "] " + name + " in " + origin + hint);
    }

    private static String canonical(ConfigKey key, Object value, Map<String, String> env, String origin) {
        switch (key.type()) {
            case STRING, HOST_PORT, ENUM -> {
                if (value instanceof String s) {
                    return VariableSubstitution.apply(s, env, key, origin);
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b.toString();
                }
            }
            case INT, LONG -> {
                if (value instanceof Long l) {
                    return l.toString();
                }
            }
            case DOUBLE -> {
                if (value instanceof Double || value instanceof Long) {
                    return value.toString();
                }
            }
            case STRING_LIST -> {
                if (value instanceof TomlArray array) {
                    return listOfStrings(key, array, env, origin);
                }
            }
        }
        throw key.invalid(new Setting(String.valueOf(value), origin),
                "expected " + key.type().description() + ", got " + describe(value));
    }

    private static String listOfStrings(ConfigKey key, TomlArray array, Map<String, String> env, String origin) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.get(i);
            if (!(item instanceof String s)) {
                throw key.invalid(new Setting(array.toString(), origin), "element " + (i + 1) + " is "
                        + describe(item) + "; expected strings");
            }
            String substituted = VariableSubstitution.apply(s, env, key, origin);
            if (substituted.contains(",")) {
                throw key.invalid(new Setting(substituted, origin), "elements must not contain commas");
            }
            items.add(substituted);
        }
        return String.join(",", items);
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof Boolean) {
            return "the boolean " + value;
        }
        return value == null ? "nothing" : "the " + value.getClass().getSimpleName().toLowerCase() + " " + value;
    }

    private static List<String> sortedByPosition(TomlParseResult toml) {
        List<String> keys = new ArrayList<>(toml.keySet());
        keys.sort(Comparator.comparingInt(k -> line(toml.inputPositionOf(List.of(k)))));
        return keys;
    }

    private static int line(TomlPosition position) {
        return position == null ? 0 : position.line();
    }
}
