package dev.rustmq.storage.object;

import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.config.RustMqConfig;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Opens the store {@code [object_storage] type} names, wrapped in {@link RetryingObjectStore}
 * with the configured retry policy and {@code max_concurrent_uploads} as the write ceiling, and
 * in a {@link BandwidthLimitedObjectStore} when {@code max_upload_bytes_per_sec} is set.
 * Configs built by {@link RustMqConfig} are already checked; this checks again for configs built
 * by hand (tests, tools) and names the key at fault.
 */
public final class ObjectStoreFactory {
    private ObjectStoreFactory() {
    }

    public static RetryingObjectStore open(ObjectStorageConfig c) {
        RetryPolicy policy = retryPolicy(c);
        if (c.maxUploadBytesPerSec() < 0) {
            throw invalid("max_upload_bytes_per_sec", c.maxUploadBytesPerSec() + " must not be negative (0: no cap)");
        }
        ObjectStore store = openStore(c);
        // Retried puts book their bytes again: they are sent again.
        ObjectStore capped = c.maxUploadBytesPerSec() > 0
                ? new BandwidthLimitedObjectStore(store, c.maxUploadBytesPerSec()) : store;
        return new RetryingObjectStore(capped, policy, c.maxConcurrentUploads());
    }

    /** The store itself, one try per call (benchmarks of the raw store). */
    public static ObjectStore openStore(ObjectStorageConfig c) {
        return switch (c.type()) {
            case "Local" -> {
                if (c.path() == null) {
                    throw invalid("path", "a folder is required when type is Local");
                }
                yield new LocalObjectStore(c.path());
            }
            case "S3", "Gcs" -> new S3ObjectStore(s3Options(c));
            case "Azure" -> throw invalid("type", RustMqConfig.AZURE_UNSUPPORTED);
            default -> throw invalid("type", "\"" + c.type() + "\" is not one of [Local, S3, Gcs, Azure]");
        };
    }

    static S3Options s3Options(ObjectStorageConfig c) {
        if (c.bucket() == null || c.bucket().isBlank()) {
            throw invalid("bucket", "a bucket is required when type is " + c.type());
        }
        String endpoint = c.endpoint() == null ? "" : c.endpoint().strip();
        if (c.type().equals("Gcs") && endpoint.isEmpty()) {
            endpoint = "https://storage.googleapis.com";
        }
        if (!endpoint.isEmpty()) {
            checkUrl(endpoint);
        }
        boolean hasAccess = c.accessKey() != null && !c.accessKey().isEmpty();
        boolean hasSecret = c.secretKey() != null && !c.secretKey().isEmpty();
        if (hasAccess != hasSecret) {
            throw invalid(hasAccess ? "secret_key" : "access_key", "access_key and secret_key must be set together "
                    + "(or both left out for the default credential chain)");
        }
        if (c.multipartPartSize() < S3Options.MIN_PART_SIZE) {
            throw invalid("multipart_part_size", c.multipartPartSize() + " is below S3's 5 MiB minimum part size");
        }
        return new S3Options(c.type(), c.bucket(), c.region(), endpoint, c.accessKey(), c.secretKey(), c.pathStyle(),
                c.multipartThreshold(), c.multipartPartSize());
    }

    static RetryPolicy retryPolicy(ObjectStorageConfig c) {
        if (c.retryMaxAttempts() < 1) {
            throw invalid("retry_max_attempts", c.retryMaxAttempts() + " must be at least 1");
        }
        if (c.retryBaseDelayMs() < 1 || c.retryMaxDelayMs() < c.retryBaseDelayMs()) {
            throw invalid("retry_max_delay_ms", c.retryMaxDelayMs() + " must be at least retry_base_delay_ms ("
                    + c.retryBaseDelayMs() + "), which must be at least 1");
        }
        if (c.retryTimeoutMs() < 0) {
            throw invalid("retry_timeout_ms", c.retryTimeoutMs() + " must not be negative");
        }
        return new RetryPolicy(c.retryMaxAttempts(), c.retryBaseDelayMs(), c.retryMaxDelayMs(), c.retryTimeoutMs());
    }

    private static void checkUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid("endpoint", "\"" + endpoint + "\" is not an http:// or https:// URL");
    }

    private static ConfigException invalid(String key, String problem) {
        return new ConfigException("Invalid value for [object_storage] " + key + ": " + problem);
    }
}
