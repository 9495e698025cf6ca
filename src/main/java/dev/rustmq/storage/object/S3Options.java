package dev.rustmq.storage.object;

/**
 * Where and how {@link S3ObjectStore} talks to an S3 API.
 *
 * @param provider           {@code S3} or {@code Gcs}, for messages
 * @param endpoint           empty for AWS itself; else the S3-compatible service's URL
 * @param accessKey          empty (with secretKey) for the provider's default credential chain
 * @param multipartThreshold objects larger than this go up in parts
 * @param partSize           bytes per part (S3: at least 5 MiB but the last)
 */
public record S3Options(String provider, String bucket, String region, String endpoint, String accessKey,
                        String secretKey, boolean pathStyle, long multipartThreshold, long partSize) {
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** S3's limit on parts per upload; larger objects get larger parts. */
    static final int MAX_PARTS = 10_000;

    public S3Options {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("a bucket is required");
        }
        if (partSize < MIN_PART_SIZE || multipartThreshold < 1) {
            throw new IllegalArgumentException("parts are at least 5 MiB: " + partSize);
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        endpoint = endpoint == null ? "" : endpoint.strip();
        accessKey = accessKey == null ? "" : accessKey;
        secretKey = secretKey == null ? "" : secretKey;
    }

    boolean staticCredentials() {
        return !accessKey.isEmpty();
    }

    /** For messages: the bucket and where it is; never a secret. */
    String where() {
        return provider + " bucket '" + bucket + "' at " + (endpoint.isEmpty() ? "AWS region " + region : endpoint);
    }

    @Override
    public String toString() {
        return "S3Options[" + where() + ", region=" + region + ", pathStyle=" + pathStyle + ", credentials="
                + (staticCredentials() ? "access_key " + accessKey : "default chain") + "]";
    }
}
