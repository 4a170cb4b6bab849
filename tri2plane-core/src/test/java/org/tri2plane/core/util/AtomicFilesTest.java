package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void failedDirectoryWriteLeavesThePreviousVersion(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("ckpt");
        AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("a.txt"), "first"));
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, d -> {
            Files.writeString(d.resolve("a.txt"), "second, half written");
            throw new IOException("disk full");
        }));
        assertEquals("first", Files.readString(target.resolve("a.txt")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary siblings left");
        }
        AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("a.txt"), "third"));
        assertEquals("third", Files.readString(target.resolve("a.txt")));
    }

    @Test
    void resultsGetTheUsualPermissionsNotOwnerOnly(@TempDir Path tmp) throws IOException {
        // what the user's umask gives a new file or folder here
        var fileMode = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain.txt")));
        var dirMode = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain")));
        Path f = tmp.resolve("x.json");
        AtomicFiles.writeString(f, "{}");
        assertEquals(fileMode, Files.getPosixFilePermissions(f));
        Path d = tmp.resolve("dir");
        AtomicFiles.writeDirectory(d, x -> Files.writeString(x.resolve("a"), "a"));
        assertEquals(dirMode, Files.getPosixFilePermissions(d));
    }

    @Test
    void fileWriteReplacesOnlyWhenComplete(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.json");
        AtomicFiles.writeString(f, "{}");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.writeFile(f, t -> {
            Files.writeString(t, "{\"partial\"");
            throw new IllegalStateException("boom");
        }));
        assertEquals("{}", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }
}
