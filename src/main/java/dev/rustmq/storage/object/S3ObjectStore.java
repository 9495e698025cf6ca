package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code type = "S3"} or {@code "Gcs"}: objects in a bucket of an S3 API (AWS, GCS's interoperable
 * XML API, MinIO, S3Proxy, ...) through the AWS SDK's sync client. Objects above
 * {@code multipart_threshold} go up as a multipart upload, aborted if any part fails. One try per
 * call; {@link RetryingObjectStore} decides about retries.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final String CONTENT_TYPE = "application/octet-stream";

    /** S3's own page size; tests use small pages to exercise continuation. */
    static final int LIST_PAGE_SIZE = 1000;

    private final S3Options options;
    private final S3Client s3;
    private final int listPageSize;

    public S3ObjectStore(S3Options options) {
        this(options, S3Clients.create(options), LIST_PAGE_SIZE);
    }

    S3ObjectStore(S3Options options, S3Client s3, int listPageSize) {
        this.options = options;
        this.s3 = s3;
        this.listPageSize = listPageSize;
    }

    @Override
    public void put(String key, ByteBuffer data) {
        ObjectKeys.check(key);
        ByteBuffer body = data.duplicate();
        if (body.remaining() > options.multipartThreshold()) {
            putMultipart(key, body);
            return;
        }
        call("put", key, () -> s3.putObject(r -> r.bucket(options.bucket()).key(key).contentType(CONTENT_TYPE),
                body(body)));
    }

    private void putMultipart(String key, ByteBuffer body) {
        String uploadId = call("put", key, () -> s3.createMultipartUpload(r -> r.bucket(options.bucket()).key(key)
                .contentType(CONTENT_TYPE)).uploadId());
        try {
            long partSize = Math.max(options.partSize(), ceilDiv(body.remaining(), S3Options.MAX_PARTS));
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; body.hasRemaining(); number++) {
                int n = (int) Math.min(partSize, body.remaining());
                ByteBuffer part = body.slice(body.position(), n);
                body.position(body.position() + n);
                int partNumber = number;
                String etag = call("put", key, () -> s3.uploadPart(r -> r.bucket(options.bucket()).key(key)
                        .uploadId(uploadId).partNumber(partNumber).contentLength((long) n), body(part)).eTag());
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            call("put", key, () -> s3.completeMultipartUpload(r -> r.bucket(options.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(u -> u.parts(parts))));
        } catch (RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /** Frees the parts stored so far; if that fails too, a bucket lifecycle rule must (docs/object-storage.md). */
    private void abort(String key, String uploadId, RuntimeException cause) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(options.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public ByteBuffer get(String key) {
        ObjectKeys.check(key);
        return call("get", key, () -> ByteBuffer.wrap(s3.getObjectAsBytes(r -> r.bucket(options.bucket()).key(key))
                .asByteArrayUnsafe()));
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        ObjectKeys.check(key);
        long from = Math.max(0, offset);
        if (length <= 0) {
            // No byte range can be empty; still say whether the key exists.
            call("getRange", key, () -> s3.headObject(r -> r.bucket(options.bucket()).key(key)));
            return ByteBuffer.allocate(0);
        }
        String range = "bytes=" + from + "-" + (from + length - 1);
        try {
            return call("getRange", key, () -> ByteBuffer.wrap(s3.getObjectAsBytes(r -> r.bucket(options.bucket())
                    .key(key).range(range)).asByteArrayUnsafe()));
        } catch (ObjectStoreException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 416) {
                return ByteBuffer.allocate(0); // the range starts at or past the end (or the object is empty)
            }
            throw e;
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return call("list", prefix, () -> {
            List<ObjectInfo> found = new ArrayList<>();
            // The paginator follows continuation tokens; S3 returns keys in order.
            var pages = s3.listObjectsV2Paginator(r -> r.bucket(options.bucket()).prefix(prefix).maxKeys(listPageSize));
            for (S3Object o : pages.contents()) {
                found.add(new ObjectInfo(o.key(), o.size()));
            }
            return found;
        });
    }

    @Override
    public void delete(String key) {
        ObjectKeys.check(key);
        call("delete", key, () -> s3.deleteObject(r -> r.bucket(options.bucket()).key(key)));
    }

    @Override
    public String describe() {
        return options.where() + (options.pathStyle() ? " (path-style)" : "");
    }

    @Override
    public void close() {
        s3.close();
    }

    S3Options options() {
        return options;
    }

    private <T> T call(String op, String key, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Errors.map(op, key, options, e);
        }
    }

    private static RequestBody body(ByteBuffer data) {
        if (!data.hasRemaining()) {
            // HttpURLConnection fails writing an empty streamed body ("Error writing request body").
            return RequestBody.empty();
        }
        ContentStreamProvider stream = ContentStreamProvider.fromInputStreamSupplier(() -> new ByteBufferInputStream(data));
        return RequestBody.fromContentProvider(stream, data.remaining(), CONTENT_TYPE);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
