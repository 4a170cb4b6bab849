package org.tri2plane.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG reading and writing failures say which file and why. */
class RgbImageTest {

    @Test
    void readAndWriteFailuresNameTheFileAndTheCause(@TempDir Path tmp) throws IOException {
        RgbImage noise = noise(1);
        Path good = tmp.resolve("good.png");
        noise.writePng(good);
        byte[] b = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(b, b.length / 2));
        IOException read = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> RgbImage.read(cut));
        assertTrue(read.getMessage().contains(cut.toString()) && read.getMessage().contains("damaged"), read.getMessage());
        // a full disk, as Linux offers it: every write to /dev/full fails with ENOSPC
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        IOException write = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> noise.writePng(full));
        assertTrue(write.getMessage().contains("/dev/full") && write.getMessage().contains("No space left on device"),
                write.getMessage());
    }

    @Test
    void writingOverALongerFileReplacesItWhole(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("frame.png");
        noise(2).writePng(file);
        RgbImage small = new RgbImage(8, 8, new byte[8 * 8 * 3]);
        small.writePng(file);
        Path fresh = tmp.resolve("fresh.png");
        small.writePng(fresh);
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(file), "no tail of the older, longer PNG is left");
        assertArrayEquals(small.rgb(), RgbImage.read(file).rgb());
    }

    /** A 64 x 64 picture of random bytes (PNG cannot compress it). */
    private static RgbImage noise(long seed) {
        byte[] rgb = new byte[64 * 64 * 3];
        new java.util.Random(seed).nextBytes(rgb);
        return new RgbImage(64, 64, rgb);
    }
}
