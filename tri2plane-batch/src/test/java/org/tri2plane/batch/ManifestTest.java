package org.tri2plane.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @Test
    void pathsAreResolvedAgainstTheManifestsFolderAndTheDriverMayBeEmpty(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("batch").resolve("m.csv");
        Files.createDirectories(m.getParent());
        Files.writeString(m, Manifest.HEADER + "\nalice,videos/a.mp4,videos/d.mp4,../tiny.json,100\n# a comment\nbob,/abs/b.mp4,,tiny.json,5\n");
        List<Manifest.Subject> s = Manifest.read(m);
        assertEquals(2, s.size());
        assertEquals(m.getParent().resolve("videos/a.mp4").toString(), s.get(0).video());
        assertEquals(m.getParent().resolve("videos/d.mp4").toString(), s.get(0).driver());
        assertEquals(tmp.resolve("tiny.json").toString(), s.get(0).config());
        assertEquals(100, s.get(0).steps());
        assertEquals("/abs/b.mp4", s.get(1).video());
        assertNull(s.get(1).driver());
    }

    @Test
    void aBadManifestIsRefusedWithItsLine(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("m.csv");
        Files.writeString(m, "name,video\nx,y\n");
        assertTrue(assertThrows(BatchException.class, () -> Manifest.read(m)).getMessage().contains("header"));
        Files.writeString(m, Manifest.HEADER + "\na,v.mp4,,c.json,ten\n");
        assertTrue(assertThrows(BatchException.class, () -> Manifest.read(m)).getMessage().contains("line 2: steps must be a whole number"));
        Files.writeString(m, Manifest.HEADER + "\na,v.mp4,,c.json,1\na,w.mp4,,c.json,1\n");
        assertTrue(assertThrows(BatchException.class, () -> Manifest.read(m)).getMessage().contains("appears twice"));
        Files.writeString(m, Manifest.HEADER + "\n../a,v.mp4,,c.json,1\n");
        assertTrue(assertThrows(BatchException.class, () -> Manifest.read(m)).getMessage().contains("names a folder"));
    }

    @Test
    void quotedCellsMayHoldCommasAndQuotes(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("m.csv");
        Files.writeString(m, Manifest.HEADER + "\n\"anna\",\"videos/take 1, final.mp4\",\"d \"\"x\"\".mp4\",tiny.json,3\n");
        List<Manifest.Subject> s = Manifest.read(m);
        assertEquals(1, s.size());
        assertEquals("anna", s.get(0).name());
        assertEquals(tmp.resolve("videos/take 1, final.mp4").toString(), s.get(0).video());
        assertEquals(tmp.resolve("d \"x\".mp4").toString(), s.get(0).driver());
        assertEquals(3, s.get(0).steps());
    }

    @Test
    void anEmptyVideoCellNamesTheFileAndLineAndExitsWithTwoWithoutAStackTrace(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("m.csv");
        Files.writeString(m, Manifest.HEADER + "\n# first\n\na,,,tiny.json,3\n");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = BatchCommand.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("--manifest", m.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(BatchCommand.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().startsWith("tri2plane-batch: error: " + m + " line 4: video is empty"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written for a refused manifest");
    }
}
