package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the tiered-storage ITs share: a Liberty server pointed at an S3Proxy bucket, and looks
 * behind the broker: its WAL on disk, its gauges, and the segment objects in the bucket.
 */
final class TieredBroker {
    private TieredBroker() {
    }

    /** Points {@code server} at {@code bucket} in {@code s3} (path style, test keys); creates the bucket. */
    static LibertyServer useS3(LibertyServer server, S3ProxyServer s3, String bucket) {
        s3.createBucket(bucket);
        return server.env("RUSTMQ_OBJECT_STORAGE_TYPE", "S3")
                .env("RUSTMQ_OBJECT_STORAGE_BUCKET", bucket)
                .env("RUSTMQ_OBJECT_STORAGE_REGION", "us-east-1")
                .env("RUSTMQ_OBJECT_STORAGE_ENDPOINT", s3.endpoint())
                .env("RUSTMQ_OBJECT_STORAGE_PATH_STYLE", "true")
                .env("RUSTMQ_OBJECT_STORAGE_ACCESS_KEY", S3ProxyServer.ACCESS_KEY)
                .env("RUSTMQ_OBJECT_STORAGE_SECRET_KEY", S3ProxyServer.SECRET_KEY);
    }

    /** Stops the server, then its S3Proxy (either may be null: not started). */
    static void stop(LibertyServer server, S3ProxyServer s3) throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /** The broker's WAL folder: RustMqConfig lays the data folder out as broker/wal and controller/metadata. */
    static Path walFolder(LibertyServer server) {
        return server.dataDir().resolve("broker").resolve("wal");
    }

    /** Bytes of the files in the broker's WAL folder right now (files deleted while walking count 0). */
    static long walBytesOnDisk(LibertyServer server) {
        Path wal = walFolder(server);
        if (!Files.isDirectory(wal)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(wal)) {
            return files.mapToLong(f -> {
                try {
                    return Files.isRegularFile(f) ? Files.size(f) : 0;
                } catch (NoSuchFileException e) {
                    return 0; // trimmed while we looked
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return walBytesOnDisk(server);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application-scope gauge {@code name} from the server's /metrics (Prometheus text). */
    static double gauge(LibertyServer server, String name) throws IOException {
        String text = server.get("/metrics").body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("mp_scope=\"application\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric " + name + " not found in /metrics");
    }

    static long walSizeBytes(LibertyServer server) throws IOException {
        return (long) gauge(server, "wal_size_bytes");
    }

    /** The segment objects of {@code topic} in {@code bucket}, per partition: base offset to (last offset, size). */
    static Segments segments(S3Client s3, String bucket, String topic) {
        // topics/{topic}/{partition}/{base}-{last}-{epoch}[-{topicId}].seg, offsets zero-padded.
        Pattern key = Pattern.compile("topics/" + Pattern.quote(topic) + "/(\\d+)/(\\d{20})-(\\d{20})-(\\d+)(-[^/]+)?\\.seg");
        Map<Integer, TreeMap<Long, long[]>> byPartition = new HashMap<>();
        long bytes = 0;
        int count = 0;
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("topics/" + topic + "/")).contents()) {
            if (!o.key().endsWith(".seg")) {
                // S3Proxy's filesystem backend lists a PUT in progress as "<key>-<uuid>".
                continue;
            }
            Matcher m = key.matcher(o.key());
            assertThat(m.matches()).as("object key %s", o.key()).isTrue();
            byPartition.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>())
                    .put(Long.parseLong(m.group(2)), new long[] {Long.parseLong(m.group(3)), o.size()});
            bytes += o.size();
            count++;
        }
        return new Segments(byPartition, count, bytes);
    }

    /** Segment objects found in a bucket listing. */
    record Segments(Map<Integer, TreeMap<Long, long[]>> byPartition, int count, long bytes) {
        /** The end offset (last + 1) up to which the partition's segments cover every offset from 0. */
        long coveredEnd(int partition) {
            TreeMap<Long, long[]> bases = byPartition.getOrDefault(partition, new TreeMap<>());
            long next = 0;
            // Follow base -> last + 1 from 0; a range uploaded twice (a retry cut differently) does not hurt.
            while (bases.floorEntry(next) != null && bases.floorEntry(next).getValue()[0] >= next) {
                next = bases.floorEntry(next).getValue()[0] + 1;
            }
            return next;
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
