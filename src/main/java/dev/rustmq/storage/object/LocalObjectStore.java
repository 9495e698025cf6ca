package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectNotFoundException;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code type = "Local"}: objects are files under a folder, a key's segments its sub-folders.
 * A put writes a temporary file in {@value #STAGING}, syncs it, renames it into place and syncs the
 * folder, so after a crash a key holds the old object or the new one, never a part. Keys cannot
 * leave the folder ({@link ObjectKeys}); a key cannot also be the folder of another key.
 */
public final class LocalObjectStore implements ObjectStore {
    /** Where puts are written before their rename; a key cannot start with it. */
    static final String STAGING = ".staging";

    private final Path root;
    private final Path staging;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        try {
            Files.createDirectories(staging);
            clearStaging();
        } catch (IOException e) {
            throw ObjectStoreException.permanent("cannot use folder " + this.root + " for object storage: " + e, e);
        }
    }

    @Override
    public void put(String key, ByteBuffer data) {
        Path target = file(key);
        if (Files.isDirectory(target)) {
            throw ObjectStoreException.permanent("cannot put '" + key + "' in " + root
                    + ": it is the folder of other keys", null);
        }
        Path tmp = staging.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer src = data.duplicate();
                while (src.hasRemaining()) {
                    ch.write(src);
                }
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw failure("put", key, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A concurrent delete may remove the (empty) target folder between creating and renaming: try again. */
    private void moveIntoPlace(Path tmp, Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            createDirectoriesDurably(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(target.getParent());
                return;
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public ByteBuffer get(String key) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(existingFile(key)));
        } catch (IOException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        try (FileChannel ch = FileChannel.open(existingFile(key), StandardOpenOption.READ)) {
            long from = Math.max(0, offset);
            long size = ch.size();
            int n = (int) Math.max(0, Math.min((long) Math.max(0, length), size - from));
            ByteBuffer range = ByteBuffer.allocate(n);
            while (range.hasRemaining()) {
                if (ch.read(range, from + range.position()) < 0) {
                    break; // the file shrank: cannot happen to a renamed-in file, but never loop
                }
            }
            return range.flip();
        } catch (IOException e) {
            throw failure("getRange", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        // Walk only the deepest folder the prefix names, then sort: a tree walk's order is not
        // key order ("a-b" sorts before "a/b", yet folder "a" comes before file "a-b").
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(root) || !Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(staging) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String key = key(file);
                    if (attrs.isRegularFile() && key.startsWith(prefix)) {
                        found.add(new ObjectInfo(key, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted while we walked
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    @Override
    public void delete(String key) {
        Path file = file(key);
        try {
            if (Files.isDirectory(file)) {
                return; // a folder of other keys, not an object
            }
            Files.deleteIfExists(file);
            removeEmptyParents(file.getParent());
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return "local folder " + root;
    }

    @Override
    public void close() {
    }

    private Path file(String key) {
        ObjectKeys.check(key);
        if (key.equals(STAGING) || key.startsWith(STAGING + "/")) {
            throw ObjectStoreException.permanent("invalid object key '" + key + "': '" + STAGING
                    + "' is reserved by the local store", null);
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw ObjectStoreException.permanent("invalid object key '" + key + "': it leaves the folder", null);
        }
        return file;
    }

    private Path existingFile(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            throw new ObjectNotFoundException(key);
        }
        return file;
    }

    private String key(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Creates missing folders and syncs each new one's parent, so the new names survive a crash. */
    private void createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectoriesDurably(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new NotDirectoryException(dir + " (an object has this name, so it cannot be a folder of keys)");
            }
            return;
        }
        syncDirectory(dir.getParent());
    }

    /** Keeps the tree from filling with empty folders of deleted topics; a racing put recreates them. */
    private void removeEmptyParents(Path dir) {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try {
                Files.delete(dir);
            } catch (IOException notEmptyOrGone) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private void clearStaging() throws IOException {
        try (var leftovers = Files.list(staging)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Staging leftovers are cleared on the next open.
        }
    }

    /** Permission and layout problems do not heal by retrying; other I/O errors (a full disk) may. */
    private ObjectStoreException failure(String op, String key, IOException e) {
        String message = op + " '" + key + "' in " + root + " failed: " + e;
        if (e instanceof NoSuchFileException && op.startsWith("get")) {
            return new ObjectNotFoundException(key);
        }
        if (e instanceof AccessDeniedException || e instanceof NotDirectoryException
                || e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("Not a directory")) {
            return ObjectStoreException.permanent(message, e);
        }
        return ObjectStoreException.retriable(message, e);
    }
}
