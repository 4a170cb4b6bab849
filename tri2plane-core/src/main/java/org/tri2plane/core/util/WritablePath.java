package org.tri2plane.core.util;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tells before long work starts whether an output path can be created, so a run does not fail at its end. */
public final class WritablePath {

    private WritablePath() {}

    /**
     * Why {@code target} cannot be created, or null when it can: its nearest existing ancestor
     * must be a writable folder.
     */
    public static String problem(Path target) {
        Path p = target.toAbsolutePath().normalize().getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return "no existing parent folder";
        }
        if (!Files.isDirectory(p)) {
            return p + " is not a folder";
        }
        return Files.isWritable(p) ? null : p + " is not writable";
    }
}
