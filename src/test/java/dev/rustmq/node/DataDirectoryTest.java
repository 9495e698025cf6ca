package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rustmq.config.ConfigException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void prepareCreatesNestedFoldersAndLeavesNoProbeBehind() throws IOException {
        DataDirectory wal = new DataDirectory("[wal] path", dir.resolve("broker/wal"));

        wal.prepare();

        assertThat(wal.path()).isDirectory();
        try (var files = Files.list(wal.path())) {
            assertThat(files).isEmpty();
        }
        assertThat(wal.probe()).isNull();
    }

    @Test
    void prepareOfExistingFolderKeepsItsContents() throws IOException {
        Files.writeString(dir.resolve("segment-0"), "data");
        new DataDirectory("[wal] path", dir).prepare();
        assertThat(dir.resolve("segment-0")).hasContent("data");
    }

    @Test
    void probeUnderARegularFileReportsAProblem() throws IOException {
        // Deterministic even as root, unlike file permissions.
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(new DataDirectory("[wal] path", file.resolve("wal")).probe()).isNotNull();
        assertThat(new DataDirectory("[wal] path", file).probe()).isNotNull();
    }

    @Test
    void probeOfMissingFolderReportsAProblem() {
        assertThat(new DataDirectory("[wal] path", dir.resolve("missing")).probe()).contains("NoSuchFileException");
    }

    @Test
    void prepareUnderARegularFileNamesTheKey() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path wal = file.resolve("wal");

        assertThatThrownBy(() -> new DataDirectory("[wal] path", wal).prepare())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [wal] path: cannot create folder " + wal + ": ");
    }

    @Test
    void probeOfReadOnlyFolderReportsAProblemUnlessRoot() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root (and CAP_DAC_OVERRIDE) writes regardless of permissions.
            assumeFalse(Files.isWritable(readOnly), "running with permission to write anywhere");

            assertThat(new DataDirectory("[wal] path", readOnly).probe()).contains("AccessDeniedException");
            assertThatThrownBy(() -> new DataDirectory("[wal] path", readOnly).prepare())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value for [wal] path: folder " + readOnly + " is not writable: ");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
