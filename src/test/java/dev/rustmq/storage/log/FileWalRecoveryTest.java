package dev.rustmq.storage.log;

import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery over WAL files: the log manager is closed and a new one opens the same folder. Small
 * segments spread the partitions' batches over several files.
 */
class FileWalRecoveryTest extends LogRecoveryContract {
    @TempDir
    Path dir;

    private FileWriteAheadLog wal() {
        return new FileWriteAheadLog(new WalOptions(dir, 64L << 20, 4 << 10, 2 << 10, true, 1000));
    }

    @Override
    LogManager openFresh() {
        return track(LogFixtures.open(wal()));
    }

    @Override
    LogManager restart(LogManager running) {
        running.close();
        return track(LogFixtures.open(wal()));
    }
}
