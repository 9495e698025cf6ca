package dev.rustmq.config;

import java.nio.file.Path;

/** {@code [object_storage]}: where sealed segments go. Keys are empty strings when not set. */
public record ObjectStorageConfig(String type, String bucket, String region, String endpoint, String accessKey,
                                  String secretKey, boolean pathStyle, Path path, long multipartThreshold,
                                  int maxConcurrentUploads) {
    @Override
    public String toString() {
        // Never print the secret.
        return "ObjectStorageConfig[type=" + type + ", bucket=" + bucket + ", region=" + region + ", endpoint="
                + endpoint + ", pathStyle=" + pathStyle + ", path=" + path + "]";
    }
}
