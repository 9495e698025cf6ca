package dev.rustmq.config;

import dev.rustmq.config.ConfigException;
import java.util.Locale;

/** What one RustMQ process does ({@code rustmq.role} / {@code RUSTMQ_ROLE}). */
public enum Role {
    BROKER, CONTROLLER, COMBINED;

    public boolean runsBroker() {
        return this != CONTROLLER;
    }

    public boolean runsController() {
        return this != BROKER;
    }

    public static Role parse(String text, String origin) {
        if (text == null || text.isBlank()) {
            return COMBINED;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for rustmq.role (from " + origin + "): \"" + text
                    + "\" is not one of broker, controller, combined");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
