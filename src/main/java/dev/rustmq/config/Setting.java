package dev.rustmq.config;

/**
 * One configured value in its canonical string form (lists comma-joined) and where it came
 * from, e.g. a file path or "environment variable RUSTMQ_WAL_PATH", for error messages.
 */
public record Setting(String value, String origin) {
}
