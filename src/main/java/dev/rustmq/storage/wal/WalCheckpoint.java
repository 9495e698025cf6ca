package dev.rustmq.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The offset replay starts from: everything before it was released by {@link WriteAheadLog#trim}.
 * Replaced atomically (write a temporary file, sync, rename, sync the folder), so a crash leaves
 * either the old or the new checkpoint, never a torn one.
 */
final class WalCheckpoint {
    private static final String FILE = "checkpoint";

    private WalCheckpoint() {
    }

    /** The stored checkpoint, or 0 for a new WAL; a damaged file is an error, not a silent reset. */
    static long read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        if (data.remaining() != 12) {
            throw new IOException("WAL checkpoint " + file + " has " + data.remaining() + " bytes, expected 12");
        }
        long offset = data.getLong();
        int crc = data.getInt();
        if (crc != crc(offset)) {
            throw new IOException("WAL checkpoint " + file + " fails its checksum");
        }
        return offset;
    }

    static void write(Path directory, long offset) throws IOException {
        Path tmp = directory.resolve(FILE + ".tmp");
        ByteBuffer data = ByteBuffer.allocate(12).putLong(offset).putInt(crc(offset)).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (data.hasRemaining()) {
                ch.write(data);
            }
            ch.force(true);
        }
        Files.move(tmp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(directory);
    }

    /** Makes file creations, renames and deletions in a folder durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static int crc(long offset) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(offset).flip());
        return (int) crc.getValue();
    }
}
