package org.tri2plane.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tri2plane.core.image.RgbImage;

/** Real data from the tracking module's test jar: the pinned face models and one frame of the sample video. */
final class EvalFixtures {

    private EvalFixtures() {}

    static InputStream resource(String name) {
        InputStream in = EvalFixtures.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " missing (tri2plane-tracking test jar)");
        }
        return in;
    }

    /** An asset cache holding the face models (checked against the catalog's SHA-256 when used). */
    static Path assets(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("blazeface.json", "blazeface.bin", "facemesh.json", "facemesh.bin", "selfie.json", "selfie.bin",
                "canonical_face_model.binarypb")) {
            try (InputStream in = resource("/models/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    /** The central 288 x 288 square of frame 240 of franck.mp4 (the face is inside it). */
    static RgbImage face() throws IOException {
        RgbImage frame;
        try (InputStream in = resource("/fixtures/frame240.png")) {
            frame = RgbImage.of(javax.imageio.ImageIO.read(in));
        }
        return crop(frame, (frame.width() - 288) / 2, 0, 288);
    }

    /** A {@code side}² crop whose top-left corner is (x0, y0); outside the image is white. */
    static RgbImage crop(RgbImage img, int x0, int y0, int side) {
        byte[] out = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < 3; c++) {
                    int sx = x0 + x;
                    int sy = y0 + y;
                    out[3 * (y * side + x) + c] = (byte) (sx >= 0 && sy >= 0 && sx < img.width() && sy < img.height()
                            ? img.get(sx, sy, c) : 255);
                }
            }
        }
        return new RgbImage(side, side, out);
    }
}
