package dev.rustmq.node;

import dev.rustmq.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A folder the node writes to, with the config key that chose it so errors can name it.
 * {@link #prepare()} creates it at start-up; {@link #probe()} proves it still takes a synced
 * write (a full or read-only disk shows up in readiness, not only when data is lost).
 */
public record DataDirectory(String key, Path path) {

    public void prepare() {
        try {
            Files.createDirectories(path);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("Invalid value for " + key + ": cannot create folder " + path + ": " + e);
        }
        String problem = probe();
        if (problem != null) {
            throw new ConfigException("Invalid value for " + key + ": folder " + path + " is not writable: " + problem);
        }
    }

    /** Null when a small file can be written, synced and deleted; otherwise what went wrong. */
    public String probe() {
        Path probe = path.resolve(".rustmq-write-probe");
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}));
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            return e.toString();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the write result above is what matters
            }
        }
        return null;
    }
}
