package dev.rustmq.storage.object;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client for {@link S3Options}. */
final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Every pooled connection (the JDK keeps 5 per server) once, then a fresh one. */
    static final int STALE_CONNECTION_ATTEMPTS = 6;

    private S3Clients() {
    }

    static S3Client create(S3Options o) {
        S3ClientBuilder b = S3Client.builder()
                // The JDK's HttpURLConnection: no Apache or Netty stack next to the broker's Netty.
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(c -> c.retryStrategy(staleConnectionRetry()))
                .region(Region.of(o.region()))
                .forcePathStyle(o.pathStyle())
                .credentialsProvider(credentials(o));
        if (!o.endpoint().isEmpty()) {
            b.endpointOverride(URI.create(o.endpoint()));
            // S3-compatible services (GCS, older MinIO/Ceph, gateways) reject the SDK's default
            // streaming checksum trailers; send checksums only where the API demands them.
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    /**
     * The SDK retries nothing but an I/O failure, at once: the JDK's keep-alive pool can hand out
     * a connection the server has closed (S3Proxy/Jetty does so after some error responses), which
     * a fresh connection fixes. The pool keeps up to {@code http.maxConnections} (5) per server,
     * and several can be stale at once (an empty PUT met two in a row in CI), so enough attempts
     * to drain it. Everything else, throttling included, goes to RetryingObjectStore, whose
     * policy is the one that counts.
     */
    static RetryStrategy staleConnectionRetry() {
        return StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(STALE_CONNECTION_ATTEMPTS)
                .retryOnException(S3Clients::isIoFailure)
                .treatAsThrottling(t -> false)
                .backoffStrategy(BackoffStrategy.retryImmediately())
                .circuitBreakerEnabled(false)
                .build();
    }

    private static boolean isIoFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException) {
                return false; // a slow server stays slow: leave it to the back-off
            }
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static AwsCredentialsProvider credentials(S3Options o) {
        if (o.staticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(o.accessKey(), o.secretKey()));
        }
        // Environment, system properties, ~/.aws profiles, web identity (EKS), container and instance roles.
        return DefaultCredentialsProvider.builder().build();
    }
}
