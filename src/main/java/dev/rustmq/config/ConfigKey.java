package dev.rustmq.config;

import dev.rustmq.config.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * One key of {@code broker.toml} / {@code controller.toml}: its section, name, type, default
 * and bounds. Converting a raw value checks it, and every failure names the key and the origin.
 *
 * @param defaultValue canonical string form, or {@code null} when the default is computed
 *                     (data paths) or the key is optional
 */
public record ConfigKey(String section, String name, ValueType type, String defaultValue,
                        double min, double max, List<String> allowed) {

    /** {@code wal.fsync_on_write}: the key's id in settings maps and MicroProfile Config (after {@code rustmq.}). */
    public String id() {
        return section + "." + name;
    }

    /** {@code [wal] fsync_on_write}: how a person finds the key in a TOML file. */
    public String display() {
        return "[" + section + "] " + name;
    }

    /** {@code RUSTMQ_WAL_FSYNC_ON_WRITE}: the environment variable that overrides the key. */
    public String envName() {
        return "RUSTMQ_" + id().replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Converts and checks a canonical string value; the result type follows {@link #type()}. */
    public Object convert(Setting setting) {
        String raw = setting.value();
        try {
            return switch (type) {
                case STRING -> raw;
                case BOOLEAN -> parseBoolean(raw);
                case INT -> (int) checkRange(parseLong(raw));
                case LONG -> checkRange(parseLong(raw));
                case DOUBLE -> checkRange(parseDouble(raw));
                case STRING_LIST -> splitList(raw);
                case HOST_PORT -> HostPort.parse(raw.trim());
                case ENUM -> canonicalEnum(raw);
            };
        } catch (ConfigException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    /** An error naming this key, the origin of the bad value and what is wrong with it. */
    public ConfigException invalid(Setting setting, String problem) {
        return new ConfigException("Invalid value for " + display() + " (from " + setting.origin() + "): "
                + problem);
    }

    private static boolean parseBoolean(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new ConfigException("expected true or false, got \"" + raw + "\"");
    }

    private static long parseLong(String raw) {
        try {
            return Long.parseLong(raw.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException("expected an integer, got \"" + raw + "\"");
        }
    }

    private static double parseDouble(String raw) {
        try {
            double d = Double.parseDouble(raw.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException("expected a number, got \"" + raw + "\"");
        }
    }

    private long checkRange(long value) {
        if (value < min || value > max) {
            throw new ConfigException(value + " is out of range; allowed " + rangeText());
        }
        return value;
    }

    private double checkRange(double value) {
        if (value < min || value > max) {
            throw new ConfigException(value + " is out of range; allowed " + rangeText());
        }
        return value;
    }

    private String rangeText() {
        if (type == ValueType.DOUBLE) {
            return min + " to " + max;
        }
        return (long) min + " to " + (long) max;
    }

    private String canonicalEnum(String raw) {
        for (String option : allowed) {
            if (option.equalsIgnoreCase(raw.trim())) {
                return option;
            }
        }
        throw new ConfigException("\"" + raw + "\" is not one of " + allowed);
    }

    /** Lists travel as comma-joined strings (as MicroProfile Config arrays do). */
    static List<String> splitList(String raw) {
        if (raw.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
