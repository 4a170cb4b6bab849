package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.RayBundle;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.subject.SubjectDirectory;

/**
 * The ground truth a step is supervised with lines up with the rays it renders, at sliding-window
 * offsets away from the centre and at every scale: the target pixel of a ray is the stride x stride
 * box of the frame around the point where that ray meets the frame camera's image.
 */
class BatchAlignmentTest {

    private static final Tri2PlaneConfig CONFIG = SyntheticSubject.config();

    /** Frame 0 and its mask replaced by per-pixel noise, so that a crop one pixel off differs. */
    private static Path noisySubject(Path dir, int size) throws IOException {
        Path subject = SyntheticSubject.write(dir, 3, 1, CONFIG.latents().expressionDim(), size, "ab");
        SplittableRandom rnd = new SplittableRandom(5);
        byte[] rgb = new byte[size * size * 3];
        byte[] mask = new byte[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (byte) rnd.nextInt(256);
            }
            byte m = (byte) (rnd.nextInt(4) == 0 ? 0 : 255);
            mask[3 * i] = m;
            mask[3 * i + 1] = m;
            mask[3 * i + 2] = m;
        }
        new RgbImage(size, size, rgb).writePng(subject.resolve("frames").resolve(SubjectDirectory.fileName(0)));
        new RgbImage(size, size, mask).writePng(subject.resolve("masks").resolve(SubjectDirectory.fileName(0)));
        return subject;
    }

    @Test
    void targetsLineUpWithTheRaysAtShiftedWindows(@TempDir Path tmp) throws IOException {
        int f = CONFIG.frame().frameSize();
        // the subject at the config's frame size, so that one frame pixel is one dataset pixel
        Path dir = noisySubject(tmp.resolve("noise"), f);
        int[][] offsets = {{10, -7}, {-14, 14}, {3, 0}};
        try (SubjectDataset data = new SubjectDataset(SubjectDirectory.open(dir), CONFIG);
                NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new Tri2PlaneModel(CONFIG, data.trainFrames().size());
            model.initialize(m);
            ParameterStore ps = new ParameterStore(m, false);
            BatchBuilder batches = new BatchBuilder(CONFIG, data);
            FrameData frame = data.frame(data.trainFrames().get(0));
            Camera frameCamera = data.camera();
            int checked = 0;
            for (int[] off : offsets) {
                PatchLayout layout = new PatchLayout(CONFIG.frame().windowSize(), 1, 6);
                StepPlan plan = new StepPlan(1, List.of(data.trainFrames().get(0)), List.of(off), layout, 11, 12, new int[] {0});
                FrameBatch inputs = batches.inputs(model, ps, m, plan, false);
                StepTargets targets = batches.targets(m, plan);
                Pose pose = inputs.poses().get(0);
                for (int s = 0; s < 3; s++) {
                    PixelWindow window = layout.scale(s);
                    RayBundle rays = model.rayGenerator().generate(m, inputs.cameras(), inputs.poses(), window);
                    float[] o = rays.origins().toFloatArray();
                    float[] d = rays.directions().toFloatArray();
                    float[] rgb = targets.rgb()[s].toFloatArray();
                    float[] mask = targets.mask()[s].toFloatArray();
                    int n = window.rayCount();
                    int st = window.stride();
                    for (int r = 0; r < n; r++) {
                        // where the ray meets the frame camera's image (any point on it projects there)
                        double[] p = new double[3];
                        for (int c = 0; c < 3; c++) {
                            p[c] = o[3 * r + c] + 5.0 * d[3 * r + c];
                        }
                        double[] uv = frameCamera.project(pose.toCamera(p));
                        int x0 = (int) Math.round(uv[0] - st / 2.0);
                        int y0 = (int) Math.round(uv[1] - st / 2.0);
                        assertEquals(uv[0] - st / 2.0, x0, 1e-3, "ray " + r + " of scale " + s + " is off the pixel grid");
                        double[] box = new double[4];
                        for (int y = y0; y < y0 + st; y++) {
                            for (int x = x0; x < x0 + st; x++) {
                                for (int c = 0; c < 3; c++) {
                                    box[c] += frame.rgb()[c * f * f + y * f + x];
                                }
                                box[3] += frame.mask()[y * f + x];
                            }
                        }
                        for (int c = 0; c < 4; c++) {
                            box[c] /= st * st;
                        }
                        for (int c = 0; c < 3; c++) {
                            assertEquals(box[c], rgb[c * n + r], 1e-5,
                                    "offset " + off[0] + "," + off[1] + " scale " + s + " ray " + r + " channel " + c);
                        }
                        assertEquals(box[3], mask[r], 1e-5, "mask, offset " + off[0] + "," + off[1] + " scale " + s + " ray " + r);
                        checked++;
                    }
                }
                // the SR target is the whole window at stride 1 (same size: no resampling)
                NDArray win = targets.window();
                float[] w = win.toFloatArray();
                int ws = CONFIG.frame().windowSize();
                int ox = batches.window().origin(off[0]);
                int oy = batches.window().origin(off[1]);
                assertEquals(frame.rgb()[(oy + 5) * f + ox + 9], w[5 * ws + 9], 1e-6);
            }
            int perScale = (CONFIG.frame().windowSize() / 4) * (CONFIG.frame().windowSize() / 4);
            assertEquals(offsets.length * 3 * perScale, checked, "rays checked");
        }
    }

    @Test
    void theX2SrTargetIsTheSameWindowCutFromTheHiResFrame(@TempDir Path tmp) throws IOException {
        Tri2PlaneConfig x2 = SyntheticSubject.configX2();
        int f = x2.frame().frameSize();
        int w = x2.frame().windowSize();
        int out = x2.superResolution().outputResolution();
        assertEquals(2 * w, out);
        // frames at the config's size, hi-res frames (2f) and masks of per-pixel noise: a crop one hi-res pixel off differs
        Path dir = noisySubject(tmp.resolve("noise"), f);
        SyntheticSubject.addHiRes(dir, 2);
        SplittableRandom rnd = new SplittableRandom(9);
        int big = 2 * f;
        byte[] rgb = new byte[big * big * 3];
        byte[] mask = new byte[big * big * 3];
        for (int i = 0; i < big * big; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (byte) rnd.nextInt(256);
                mask[3 * i + c] = (byte) (i % 7 == 0 ? 0 : i % 7 == 1 ? 128 : 255);
            }
        }
        new RgbImage(big, big, rgb).writePng(dir.resolve("frames_x2").resolve(SubjectDirectory.fileName(0)));
        new RgbImage(big, big, mask).writePng(dir.resolve("masks_x2").resolve(SubjectDirectory.fileName(0)));
        try (SubjectDataset data = new SubjectDataset(SubjectDirectory.open(dir), x2)) {
            assertEquals(2, data.srFrameScale());
            assertEquals(big, data.srFrameSize());
            BatchBuilder batches = new BatchBuilder(x2, data);
            FrameData frame = data.frame(data.trainFrames().get(0));
            for (int[] off : new int[][] {{10, -7}, {-14, 14}, {0, 0}}) {
                PatchLayout layout = new PatchLayout(w, 1, 6);
                StepPlan plan = new StepPlan(1, List.of(data.trainFrames().get(0)), List.of(off), layout, 11, 12, new int[] {0});
                float[] target;
                float[] lowWindow;
                try (NDManager m = NDManager.newBaseManager()) {
                    StepTargets targets = batches.targets(m, plan);
                    assertEquals(new ai.djl.ndarray.types.Shape(1, 3, out, out), targets.window().getShape());
                    target = targets.window().toFloatArray();
                    lowWindow = targets.rgb()[2].toFloatArray();
                    assertEquals(new ai.djl.ndarray.types.Shape(1, 3, w / 4, w / 4), targets.rgb()[0].getShape());
                }
                // by hand: the window's corner in frame pixels, doubled, in the composited hi-res PNG (white background)
                int x0 = 2 * batches.window().origin(off[0]);
                int y0 = 2 * batches.window().origin(off[1]);
                for (int y = 0; y < out; y++) {
                    for (int x = 0; x < out; x++) {
                        int p = 3 * ((y0 + y) * big + x0 + x);
                        float a = (mask[p] & 0xff) / 255f;
                        for (int c = 0; c < 3; c++) {
                            float expected = (rgb[p + c] & 0xff) / 255f * a + (1 - a);
                            assertEquals(expected, target[(c * out + y) * out + x], 1e-6,
                                    "offset " + off[0] + "," + off[1] + " pixel " + x + "," + y + " channel " + c);
                        }
                    }
                }
                // the stride-1 scale still comes from the normal frame
                int lx = batches.window().origin(off[0]);
                int ly = batches.window().origin(off[1]);
                PixelWindow fine = new PatchLayout(w, 1, 6).scale(2);
                assertEquals(frame.rgb()[(ly + fine.y0()) * f + lx + fine.x0()], lowWindow[0], 1e-6);
            }
        }
    }
}
