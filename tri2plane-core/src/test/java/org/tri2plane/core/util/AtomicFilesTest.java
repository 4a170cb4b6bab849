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

    @Test
    void aSaveKilledBetweenItsRenamesIsRecoveredAndStaleFoldersGo(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("checkpoint");
        AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("step"), "10"));
        // the state a kill -9 between the two renames leaves: the complete previous version moved
        // aside, the new one complete in its temporary folder, no target
        Path old = tmp.resolve(".checkpoint.old-k1");
        Files.move(target, old);
        Path unfinished = Files.createDirectories(tmp.resolve(".checkpoint.tmp-k2"));
        Files.writeString(unfinished.resolve("step"), "20");
        java.util.List<String> actions = AtomicFiles.recoverDirectory(target);
        assertEquals("10", Files.readString(target.resolve("step")), "the previous checkpoint is back");
        assertEquals(2, actions.size(), actions.toString());
        org.junit.jupiter.api.Assertions.assertTrue(actions.get(0).contains("restored"), actions.toString());
        try (var s = Files.list(tmp)) {
            assertEquals(java.util.List.of(target), s.toList(), "no temporary folder left");
        }
        // stale folders beside an intact target are deleted, the target is kept
        Files.createDirectories(tmp.resolve(".checkpoint.old-k3").resolve("x"));
        Files.createDirectories(tmp.resolve(".checkpoint.tmp-k4"));
        assertEquals(2, AtomicFiles.recoverDirectory(target).size());
        assertEquals("10", Files.readString(target.resolve("step")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
        assertEquals(java.util.List.of(), AtomicFiles.recoverDirectory(target), "nothing left to do");
    }

    @Test
    void unfinishedTemporaryFilesOfATargetAreDeletedAndNothingElse(@TempDir Path tmp) throws IOException {
        Path video = tmp.resolve("self.mp4");
        Path left = AtomicFiles.newTemporaryFile(video, ".mp4"); // what a kill during the encode leaves
        Path leftPlain = AtomicFiles.newTemporaryFile(video, "");
        org.junit.jupiter.api.Assertions.assertTrue(left.getFileName().toString().matches("\\.self\\.mp4\\.[0-9a-z]+\\.tmp\\.mp4"),
                left.toString());
        Path other = Files.writeString(tmp.resolve(".other.mp4.abc.tmp"), "another target's");
        Path user = Files.writeString(tmp.resolve(".self.mp4.notes"), "the user's");
        Files.writeString(video, "finished");
        java.util.List<String> actions = AtomicFiles.recoverFile(video);
        assertEquals(2, actions.size(), actions.toString());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(left));
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(leftPlain));
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(other) && Files.exists(user) && Files.exists(video));
        assertEquals(java.util.List.of(), AtomicFiles.recoverFile(video));
        assertEquals(java.util.List.of(), AtomicFiles.recoverFile(tmp.resolve("missing").resolve("x.mp4")), "no folder, nothing to do");
    }

    @Test
    void replacingADirectoryKeepsOneCompleteVersionAtEveryStep(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("pngs");
        Path first = AtomicFiles.newTemporaryDirectory(target);
        org.junit.jupiter.api.Assertions.assertTrue(first.getFileName().toString().startsWith(".pngs.tmp-"));
        Files.writeString(first.resolve("a"), "1");
        AtomicFiles.replaceDirectory(first, target);
        Path second = AtomicFiles.newTemporaryDirectory(target);
        Files.writeString(second.resolve("a"), "2");
        // a kill before the swap leaves the unfinished folder: recovery deletes it, keeps the target
        assertEquals(1, AtomicFiles.recoverDirectory(target).size());
        assertEquals("1", Files.readString(target.resolve("a")));
        Path third = AtomicFiles.newTemporaryDirectory(target);
        Files.writeString(third.resolve("a"), "3");
        AtomicFiles.replaceDirectory(third, target);
        assertEquals("3", Files.readString(target.resolve("a")));
        try (var s = Files.list(tmp)) {
            assertEquals(java.util.List.of(target), s.toList(), "nothing beside the target");
        }
    }
}
