package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainedPathTest {

    @Test
    void namesInsideTheFolderResolveAndEverythingElseIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.createDirectories(dir.resolve("sub"));
        assertEquals(dir.resolve("a.bin"), ContainedPath.resolve(dir, "a.bin"));
        assertEquals(dir.resolve("sub").resolve("b.bin"), ContainedPath.resolve(dir, "sub/b.bin"));
        Files.createSymbolicLink(dir.resolve("out"), tmp);
        for (String bad : new String[] {"", "../x", "sub/../../x", "/etc/hostname", "out/d/a.bin", "a\0b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContainedPath.resolve(dir, bad), bad);
            assertTrue(e.getMessage().contains("is not a file inside " + dir), e.getMessage());
        }
    }
}
