package org.tri2plane.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectMeta;
import org.tri2plane.core.subject.TrackingSettings;

/**
 * A small subject directory written directly (no video, no tracking): a coloured disc in front of
 * a white background whose colour follows β₀, with its mask and condition maps; {@code frames}
 * frames, the last {@code test} held out. Enough for the training loop to learn something. It also
 * carries a small grid-mesh morphable model (K components that move disjoint vertex groups) and a
 * mean texture, so that expression transfer and condition rendering work on it (render tests).
 */
public final class SyntheticSubject {
    private SyntheticSubject() {}

    /** The tiny test config ({@code /configs/tiny-test.json}). */
    public static Tri2PlaneConfig config() {
        try (var in = SyntheticSubject.class.getResourceAsStream("/configs/tiny-test.json")) {
            return new ConfigLoader().parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "tiny-test.json");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The tiny test config with a learned x2 super-resolution stage (outputResolution = 2 x
     * windowSize), named {@code tiny-test-x2}.
     */
    public static Tri2PlaneConfig configX2() {
        try (var in = SyntheticSubject.class.getResourceAsStream("/configs/tiny-test.json")) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Tri2PlaneConfig tiny = new ConfigLoader().parse(json, "tiny-test.json");
            String x2 = json.replace("\"name\": \"tiny-test\"", "\"name\": \"tiny-test-x2\"")
                    .replace("\"outputResolution\": " + tiny.frame().windowSize(),
                            "\"outputResolution\": " + 2 * tiny.frame().windowSize());
            Tri2PlaneConfig c = new ConfigLoader().parse(x2, "tiny-test-x2.json");
            if (c.superResolution().outputResolution() != 2 * c.frame().windowSize() || !c.name().equals("tiny-test-x2")) {
                throw new IllegalStateException("tiny-test.json changed: cannot derive tiny-test-x2 from it");
            }
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Adds what {@code tri2plane track --output-scale scale} adds to a subject written by
     * {@link #write}: the same disc drawn at scale x the frame size in {@code frames_xN/} and
     * {@code masks_xN/}, and outputScale in subject.json, whose source crop now spans scale x the
     * frame size (as tracking requires).
     */
    public static void addHiRes(Path dir, int scale) throws IOException {
        SubjectDirectory s = SubjectDirectory.open(dir);
        SubjectMeta m = s.meta();
        int big = m.frameSize() * scale;
        Files.createDirectories(dir.resolve(SubjectDirectory.framesFolder(scale)));
        Files.createDirectories(dir.resolve(SubjectDirectory.masksFolder(scale)));
        for (FrameParams p : s.params()) {
            RgbImage[] disc = disc(p.index(), big);
            disc[0].writePng(dir.resolve(SubjectDirectory.framesFolder(scale)).resolve(SubjectDirectory.fileName(p.index())));
            disc[1].writePng(dir.resolve(SubjectDirectory.masksFolder(scale)).resolve(SubjectDirectory.fileName(p.index())));
        }
        SubjectMeta hi = new SubjectMeta(m.format(), m.formatVersion(), m.name(), m.camera(), m.frameSize(), m.conditionSize(),
                m.fps(), new SubjectMeta.Source(m.source().path(), m.source().sha256(), big, big, m.source().fps(), 0, false,
                        m.source().framesDecoded()), List.of(0.0, 0.0, (double) big), m.frameCount(), m.trainCount(),
                m.expressionDim(), m.conditionFraming(),
                m.background(), m.tracking(), scale);
        Files.writeString(dir.resolve(SubjectDirectory.META), SubjectDirectory.json().writeValueAsString(hi));
    }

    /** Frame t's disc and its mask at size², drawn in coordinates relative to the frame (any size lines up). */
    private static RgbImage[] disc(int t, int size) {
        double b0 = Math.sin(t * 0.7);
        byte[] rgb = new byte[size * size * 3];
        byte[] mask = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x + 0.5 - size / 2.0) / size;
                double dy = (y + 0.5 - size / 2.0) / size;
                boolean in = dx * dx + dy * dy < 0.3 * 0.3;
                int p = 3 * (y * size + x);
                int[] c = in ? new int[] {(int) (160 + 80 * b0), (int) (120 + 100 * dy), (int) (90 + 100 * dx)} : new int[] {30, 60, 200};
                for (int ch = 0; ch < 3; ch++) {
                    rgb[p + ch] = (byte) Math.max(0, Math.min(255, c[ch]));
                    mask[p + ch] = (byte) (in ? 255 : 0);
                }
            }
        }
        return new RgbImage[] {new RgbImage(size, size, rgb), new RgbImage(size, size, mask)};
    }

    /** Writes the subject into {@code dir}; {@code videoSha} stands for the source video's hash. */
    public static Path write(Path dir, int frames, int test, int k, int size, String videoSha) throws IOException {
        Files.createDirectories(dir.resolve("frames"));
        Files.createDirectories(dir.resolve("masks"));
        Files.createDirectories(dir.resolve("cond").resolve("tex"));
        Files.createDirectories(dir.resolve("cond").resolve("normal"));
        int cs = 32;
        List<FrameParams> params = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            double b0 = Math.sin(t * 0.7);
            RgbImage[] disc = disc(t, size);
            disc[0].writePng(dir.resolve("frames").resolve(SubjectDirectory.fileName(t)));
            disc[1].writePng(dir.resolve("masks").resolve(SubjectDirectory.fileName(t)));
            byte[] tex = new byte[cs * cs * 3];
            byte[] nrm = new byte[cs * cs * 3];
            for (int i = 0; i < cs * cs; i++) {
                tex[3 * i] = (byte) (160 + 80 * b0);
                tex[3 * i + 1] = (byte) (i % cs * 4);
                tex[3 * i + 2] = (byte) (i / cs * 4);
                nrm[3 * i] = (byte) 128;
                nrm[3 * i + 1] = (byte) 128;
                nrm[3 * i + 2] = (byte) 40;
            }
            new RgbImage(cs, cs, tex).writePng(dir.resolve("cond").resolve("tex").resolve(SubjectDirectory.fileName(t)));
            new RgbImage(cs, cs, nrm).writePng(dir.resolve("cond").resolve("normal").resolve(SubjectDirectory.fileName(t)));
            double[] beta = new double[k];
            beta[0] = b0;
            params.add(FrameParams.of(t, Pose.translation(0, 0, 5), beta, 0.1, t < frames - test));
        }
        Camera cam = new Camera(1.1 * size, 1.1 * size, size / 2.0, size / 2.0, size, size);
        SubjectMeta meta = new SubjectMeta(SubjectMeta.FORMAT, SubjectMeta.VERSION, dir.getFileName().toString(), cam, size, cs,
                10, new SubjectMeta.Source("synthetic", videoSha, size, size, 10, 0, false, frames),
                List.of(0.0, 0.0, (double) size), frames, frames - test, k, List.of(-1.0, -1.0, 1.0, 1.0),
                List.of(255, 255, 255), TrackingSettings.defaults().withExpressionDim(k));
        Files.writeString(dir.resolve(SubjectDirectory.META), SubjectDirectory.json().writeValueAsString(meta));
        Files.writeString(dir.resolve(SubjectDirectory.PARAMS), SubjectDirectory.toLines(params));
        writeMorphableModel(dir, k, TrackingSettings.defaults().textureSize());
        return dir;
    }

    /** A 6 x 6 vertex grid in the condition framing; component j lifts the vertices with index % k == j. */
    private static void writeMorphableModel(Path dir, int k, int textureSize) throws IOException {
        int g = 6;
        int n = g * g;
        double[] mean = new double[3 * n];
        double[] uv = new double[2 * n];
        for (int y = 0; y < g; y++) {
            for (int x = 0; x < g; x++) {
                int v = y * g + x;
                mean[3 * v] = -0.6 + 1.2 * x / (g - 1);
                mean[3 * v + 1] = -0.6 + 1.2 * y / (g - 1);
                mean[3 * v + 2] = 0.1 * Math.cos(x + y);
                uv[2 * v] = (double) x / (g - 1);
                uv[2 * v + 1] = (double) y / (g - 1);
            }
        }
        double[][] basis = new double[k][3 * n];
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            int members = 0;
            for (int v = j; v < n; v += k) {
                members++;
            }
            for (int v = j; v < n; v += k) {
                basis[j][3 * v + 1] = 1 / Math.sqrt(members);
            }
            std[j] = 0.05 * (j + 1);
        }
        int[] triangles = new int[6 * (g - 1) * (g - 1)];
        int t = 0;
        for (int y = 0; y < g - 1; y++) {
            for (int x = 0; x < g - 1; x++) {
                int a = y * g + x;
                int[] tri = {a, a + 1, a + g, a + 1, a + g + 1, a + g};
                System.arraycopy(tri, 0, triangles, t, 6);
                t += 6;
            }
        }
        MorphableModelFile file = new MorphableModelFile(mean.length / 3, basis.length, mean, basis, std, triangles, uv);
        Files.writeString(dir.resolve(SubjectDirectory.MODEL), SubjectDirectory.json().writeValueAsString(file));
        byte[] tex = new byte[textureSize * textureSize * 3];
        for (int i = 0; i < textureSize * textureSize; i++) {
            tex[3 * i] = (byte) 200;
            tex[3 * i + 1] = (byte) (i % textureSize * 255 / textureSize);
            tex[3 * i + 2] = (byte) (i / textureSize * 255 / textureSize);
        }
        new RgbImage(textureSize, textureSize, tex).writePng(dir.resolve(SubjectDirectory.TEXTURE));
    }
}
