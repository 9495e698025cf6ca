package dev.rustmq.config;

import dev.rustmq.config.ConfigException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} (and {@code ${VAR:-fallback}}, for unset or empty) in config strings with environment
 * variables, as the seed's Kubernetes ConfigMap expects ({@code id = "${HOSTNAME}"}).
 * {@code $$} stands for a literal dollar sign.
 */
final class VariableSubstitution {
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private VariableSubstitution() {
    }

    static String apply(String text, Map<String, String> env, ConfigKey key, String origin) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = env.get(m.group(1));
                // As in a shell, ":-" falls back when the variable is unset or empty.
                if (m.group(2) != null && (value == null || value.isEmpty())) {
                    value = m.group(2);
                }
                if (value == null) {
                    throw new ConfigException("Invalid value for " + key.display() + " (from " + origin + "): it refers to ${"
                            + m.group(1) + "}, which is not set in the environment (set it, or write ${"
                            + m.group(1) + ":-default})");
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
