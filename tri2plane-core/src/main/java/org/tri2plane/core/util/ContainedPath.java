package org.tri2plane.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a file name read from one of our own files (a checkpoint, a subject directory) inside
 * the folder that holds it, refusing anything that could reach another file of the machine: an
 * absolute path, a {@code ..} segment, or a symbolic link on the way.
 */
public final class ContainedPath {

    private ContainedPath() {}

    /**
     * {@code dir.resolve(name)} when {@code name} is a relative path with no {@code ..} segment
     * and neither it nor any folder on the way is a symbolic link.
     *
     * @throws IllegalArgumentException naming {@code name} and {@code dir} otherwise
     */
    public static Path resolve(Path dir, String name) {
        String refused = "'" + name + "' is not a file inside " + dir
                + " (absolute paths, '..' and symbolic links are refused)";
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(refused, e);
        }
        if (name.isEmpty() || rel.isAbsolute() || rel.getRoot() != null) {
            throw new IllegalArgumentException(refused);
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw new IllegalArgumentException(refused);
            }
        }
        Path p = dir;
        for (Path part : rel) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new IllegalArgumentException(refused);
            }
        }
        try {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !p.toRealPath().startsWith(dir.toRealPath())) {
                throw new IllegalArgumentException(refused);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(refused + ": " + e.getMessage(), e);
        }
        return p;
    }
}
