package org.tri2plane.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Resizes keep a flat image flat (no black border); a warp that leaves the image fills with the colour it is given. */
class ImageOpsTest {

    static RgbImage flat(int w, int h, int v) {
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) v);
        return new RgbImage(w, h, rgb);
    }

    @Test
    void aFlatImageStaysFlatUnderEveryResize() {
        // up 4x (the 128² avatar to 512²), up by a non-integer factor, down by an area step and a bilinear rest, non-square
        int[][] sizes = {{512, 512}, {300, 300}, {45, 45}, {128, 200}, {129, 127}};
        for (int[] s : sizes) {
            RgbImage out = ImageOps.resize(flat(128, 128, 200), s[0], s[1]);
            for (int i = 0; i < out.rgb().length; i++) {
                assertEquals(200, out.rgb()[i] & 0xff, "resize to " + s[0] + "x" + s[1] + ": value " + i + " (pixel "
                        + (i / 3 % s[0]) + ", " + (i / 3 / s[0]) + ")");
            }
        }
    }

    @Test
    void aWarpOutsideTheImageTakesItsFill() {
        // shifted half an image to the left: the right half of the output lies outside the source
        RgbImage out = ImageOps.warpImage(flat(8, 8, 200), new Affine2(1, 0, 4, 0, 1, 0), 8, 8, 17);
        assertEquals(200, out.get(0, 0, 0));
        assertEquals(17, out.get(7, 3, 1));
    }
}
