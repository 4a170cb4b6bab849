package org.tri2plane.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files and directories so that readers never see a half-written result: content goes to a
 * temporary sibling first and is renamed into place only once complete.
 */
public final class AtomicFiles {

    /** Writes into a directory that is still being built. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path directory) throws IOException;
    }

    /** Writes into a file that is still being built. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Builds {@code target} as a directory: {@code writer} fills a temporary sibling, which then
     * replaces {@code target}. If the writer fails, {@code target} is left as it was.
     */
    public static void writeDirectory(Path target, DirectoryWriter writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        Path tmp = newDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            writer.write(tmp);
            if (Files.exists(target)) {
                Path old = newDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Repairs what an interrupted {@link #writeDirectory} of {@code target} left behind (a kill
     * between its two renames leaves only the previous result, as {@code .NAME.old-*}; a kill
     * during the write leaves {@code .NAME.tmp-*}): a missing {@code target} is restored from the
     * newest {@code .old-*}, which was complete when it was moved aside, and every other
     * temporary sibling is deleted. Returns one line per action taken (empty: nothing to do).
     */
    public static java.util.List<String> recoverDirectory(Path target) throws IOException {
        Path parent = parentOf(target);
        java.util.List<String> actions = new java.util.ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return actions;
        }
        String name = target.getFileName().toString();
        java.util.List<Path> olds = new java.util.ArrayList<>();
        java.util.List<Path> tmps = new java.util.ArrayList<>();
        try (var s = Files.list(parent)) {
            s.forEach(p -> {
                String f = p.getFileName().toString();
                if (f.startsWith("." + name + ".old-") && Files.isDirectory(p)) {
                    olds.add(p);
                } else if (f.startsWith("." + name + ".tmp-") && Files.isDirectory(p)) {
                    tmps.add(p);
                }
            });
        }
        if (!Files.exists(target)) {
            Path newest = null;
            for (Path p : olds) {
                if (isNonEmptyDirectory(p) && (newest == null
                        || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0)) {
                    newest = p;
                }
            }
            if (newest != null) {
                Files.move(newest, target, StandardCopyOption.ATOMIC_MOVE);
                olds.remove(newest);
                actions.add("restored " + target + " from " + newest.getFileName()
                        + ", the previous version an interrupted save had moved aside");
            }
        }
        for (Path p : olds) {
            deleteRecursively(p);
            actions.add("deleted " + p + ", left by an interrupted save");
        }
        for (Path p : tmps) {
            deleteRecursively(p);
            actions.add("deleted " + p + ", an unfinished write of " + target.getFileName());
        }
        return actions;
    }

    private static boolean isNonEmptyDirectory(Path p) throws IOException {
        try (var s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }

    /** Writes {@code target} through a temporary sibling file renamed into place. */
    public static void writeFile(Path target, FileWriter writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        Path tmp = newFile(parent, "." + target.getFileName() + ".", ".tmp");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Creates a new empty file {@code dir/prefix<random>suffix} with the permissions of any new
     * file (the user's umask), unlike {@link Files#createTempFile}, whose owner-only mode would
     * carry over to the result when it is renamed into place.
     */
    public static Path newFile(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix));
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /** Creates a new empty directory {@code dir/prefix<random>} with the umask's permissions (see {@link #newFile}). */
    public static Path newDirectory(Path dir, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String content) throws IOException {
        writeFile(target, tmp -> Files.writeString(tmp, content));
    }

    /** Deletes a file tree. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteRecursively(p);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the temporary directory is hidden and named as such
        }
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("cannot write the file-system root: " + target);
        }
        return parent;
    }
}
