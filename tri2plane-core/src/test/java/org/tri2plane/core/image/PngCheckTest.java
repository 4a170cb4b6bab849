package org.tri2plane.core.image;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngCheckTest {

    @Test
    void aWholePngPassesAndTruncatedOrFlippedOnesAreNamed(@TempDir Path tmp) throws IOException {
        byte[] rgb = new byte[48 * 48 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        Path good = tmp.resolve("good.png");
        new RgbImage(48, 48, rgb).writePng(good);
        assertNull(PngCheck.problem(good));
        byte[] b = Files.readAllBytes(good);

        Path cut = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(b, b.length / 2));
        assertTrue(PngCheck.problem(cut).contains("truncated"), PngCheck.problem(cut));
        byte[] flipped = b.clone();
        flipped[b.length / 2] ^= 0x01;
        Path bad = Files.write(tmp.resolve("flipped.png"), flipped);
        assertTrue(PngCheck.problem(bad).contains("CRC"), PngCheck.problem(bad));
        Path text = Files.writeString(tmp.resolve("text.png"), "not an image at all, just some text");
        assertTrue(PngCheck.problem(text).contains("signature"), PngCheck.problem(text));
        assertTrue(PngCheck.problem(tmp.resolve("none.png")).contains("cannot be read"));
    }
}
