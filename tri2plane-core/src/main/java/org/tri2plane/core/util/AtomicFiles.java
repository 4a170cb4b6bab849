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
        Path tmp = newTemporaryDirectory(target);
        try {
            writer.write(tmp);
            replaceDirectory(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * A new empty hidden sibling {@code .NAME.tmp-*} of {@code target} to build it in, for
     * writers that fill several directories at once; {@link #replaceDirectory} publishes it and
     * {@link #recoverDirectory} deletes it if the run is killed first.
     */
    public static Path newTemporaryDirectory(Path target) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        return newDirectory(parent, "." + target.getFileName() + ".tmp-");
    }

    /**
     * Puts the finished directory {@code tmp} in place of {@code target} with two renames (the
     * previous {@code target}, if any, is moved aside as {@code .NAME.old-*} first and deleted
     * last), so that a kill at any moment leaves either result complete and
     * {@link #recoverDirectory} can finish the job.
     */
    public static void replaceDirectory(Path tmp, Path target) throws IOException {
        Path parent = parentOf(target);
        if (Files.exists(target)) {
            Path old = newDirectory(parent, "." + target.getFileName() + ".old-");
            Files.delete(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
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

    /**
     * Deletes the temporary siblings an interrupted {@link #writeFile} of {@code target} left
     * behind ({@code .NAME.<random>.tmp}, and {@code .NAME.<random>.tmp.EXT} for writers that need
     * the file's extension). Returns one line per file deleted.
     */
    public static java.util.List<String> recoverFile(Path target) throws IOException {
        Path parent = parentOf(target);
        java.util.List<String> actions = new java.util.ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return actions;
        }
        java.util.regex.Pattern temp = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote("." + target.getFileName() + ".") + "[0-9a-z]+" + java.util.regex.Pattern.quote(TMP) + "(\\.[A-Za-z0-9]+)?");
        try (var s = Files.list(parent)) {
            for (Path p : s.filter(p -> temp.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).toList()) {
                Files.delete(p);
                actions.add("deleted " + p + ", an unfinished write of " + target.getFileName());
            }
        }
        return actions;
    }

    /** Suffix of a temporary file (see {@link #newTemporaryFile}). */
    private static final String TMP = ".tmp";

    /**
     * A new empty hidden sibling {@code .NAME.<random>.tmp<extension>} of {@code target} to write
     * it in ({@code extension} is empty, or a suffix such as {@code ".mp4"} for writers that choose
     * the format by name); {@link #recoverFile} deletes it if the run is killed first.
     */
    public static Path newTemporaryFile(Path target, String extension) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        return newFile(parent, "." + target.getFileName() + ".", TMP + extension);
    }

    private static boolean isNonEmptyDirectory(Path p) throws IOException {
        try (var s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }

    /** Writes {@code target} through a temporary sibling file renamed into place. */
    public static void writeFile(Path target, FileWriter writer) throws IOException {
        Path tmp = newTemporaryFile(target, "");
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
