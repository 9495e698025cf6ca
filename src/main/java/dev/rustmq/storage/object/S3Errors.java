package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectNotFoundException;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into {@link ObjectStoreException}s that say what a retry can do: throttled
 * (503, 429, SlowDown), retriable (other 5xx, timeouts, I/O), or permanent with what to fix.
 */
final class S3Errors {
    private static final Set<String> THROTTLING = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequests", "RequestThrottled", "TooManyRequestsException");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed", "InvalidSecurity");

    private S3Errors() {
    }

    static ObjectStoreException map(String op, String key, S3Options o, SdkException e) {
        String what = op + " '" + key + "' on " + o.where();
        if (e instanceof AwsServiceException ase) {
            return service(what, key, o, ase);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return ObjectStoreException.permanent(what + " failed: no credentials. Set [object_storage] access_key "
                    + "and secret_key, or give the default credential chain some (AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, a web identity or instance role): " + e.getMessage(), e);
        }
        // Connection refused or reset, timeouts, unknown host: the network or the service may come back.
        return ObjectStoreException.retriable(what + " failed: " + e.getMessage(), e);
    }

    private static ObjectStoreException service(String what, String key, S3Options o, AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
        String said = " (HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": "
                + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()) + ")";
        if (code.equals("NoSuchBucket")) {
            return ObjectStoreException.permanent(what + " failed: the bucket does not exist; create it or fix "
                    + "[object_storage] bucket/endpoint/region" + said, e);
        }
        if (status == 404 || code.equals("NoSuchKey")) {
            return new ObjectNotFoundException(key);
        }
        if (status == 503 || status == 429 || THROTTLING.contains(code)) {
            return ObjectStoreException.throttled(what + " was throttled" + said, e);
        }
        if (status >= 500 || status == 408 || code.equals("RequestTimeout")) {
            return ObjectStoreException.retriable(what + " failed" + said, e);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return ObjectStoreException.permanent(what + " failed: the credentials were refused; check [object_storage] "
                    + "access_key/secret_key (for Gcs: an HMAC key of a service account) and region" + said, e);
        }
        if (status == 401 || status == 403) {
            return ObjectStoreException.permanent(what + " failed: access denied; the credentials in use ("
                    + (o.staticCredentials() ? "access_key " + o.accessKey() : "default credential chain")
                    + ") need read, write, list and delete permission on the bucket" + said, e);
        }
        return ObjectStoreException.permanent(what + " failed" + said, e);
    }
}
