package dev.rustmq.metadata;

/**
 * How long a topic keeps data: by age ({@code Time}, milliseconds) or by size per partition
 * ({@code Size}, bytes). A limit of {@code -1} keeps data forever, as in Kafka.
 */
public record RetentionPolicy(Kind kind, long limit) {
    public static final long UNLIMITED = -1;
    /** Seven days, Kafka's default {@code retention.ms}. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Kind.TIME, 7L * 24 * 3600 * 1000);

    public enum Kind {
        TIME("Time", "retention_ms"), SIZE("Size", "retention_bytes");

        private final String displayName;
        private final String field;

        Kind(String displayName, String field) {
            this.displayName = displayName;
            this.field = field;
        }

        /** {@code Time} / {@code Size}: the tag in {@code {"Time": {"retention_ms": N}}}. */
        public String displayName() {
            return displayName;
        }

        /** {@code retention_ms} / {@code retention_bytes}. */
        public String field() {
            return field;
        }
    }
}
