package dev.rustmq.storage.object;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** A real client whose multipart uploads lose the connection at one part; counts aborts. */
final class PartFailingS3Client implements S3Client {
    private final S3Client real;
    private final int failingPart;
    final AtomicInteger partsUploaded = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();

    PartFailingS3Client(S3Client real, int failingPart) {
        this.real = real;
        this.failingPart = failingPart;
    }

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
        return real.createMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
        if (request.partNumber() == failingPart) {
            throw SdkClientException.create("connection reset (injected at part " + failingPart + ")");
        }
        UploadPartResponse response = real.uploadPart(request, body);
        partsUploaded.incrementAndGet();
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
        return real.completeMultipartUpload(request);
    }

    @Override
    public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
        aborts.incrementAndGet();
        return real.abortMultipartUpload(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        real.close();
    }
}
