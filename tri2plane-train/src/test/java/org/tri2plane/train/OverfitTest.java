package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.metrics.ImageMetrics;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.NoGrad;

/**
 * Learning sanity check: the real training pipeline (tracked frames, sliding window, patch layout,
 * three scales, SR, Eq. 13, Adam) with a tiny-sized config memorises two frames of a real tracked
 * subject ({@link RealSubjectFixture}) to at least {@value #MIN_PSNR} dB PSNR on those frames. A
 * broken gradient path, a target cut from the wrong place or an initialisation that starts far
 * off leaves it well below.
 */
class OverfitTest {

    static final double MIN_PSNR = 30;

    static Tri2PlaneConfig config() throws IOException {
        try (InputStream in = OverfitTest.class.getResourceAsStream("/configs/overfit.json")) {
            return new ConfigLoader().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "overfit.json");
        }
    }

    @Test
    void memorisesTwoRealFrames(@TempDir Path tmp) throws IOException {
        Tri2PlaneConfig config = config();
        Path subject = RealSubjectFixture.path();
        Path out = tmp.resolve("run");
        TrainResult r = new Trainer(s -> { }).run(new TrainOptions(subject, config, out, null, null, null, null, false));
        try (SubjectDataset data = new SubjectDataset(SubjectDirectory.open(subject), config);
                NDManager m = NDManager.newBaseManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(out.resolve(Checkpoint.FOLDER), m, config);
            BatchBuilder batches = new BatchBuilder(config, data);
            StringBuilder report = new StringBuilder();
            double worst = Double.POSITIVE_INFINITY;
            for (FrameParams p : data.trainFrames()) {
                FrameData d = data.frame(p);
                try (NDManager f = m.newSubManager(); NoGrad g = NoGrad.enter();
                        Avatar avatar = Avatar.of(loaded.model(), m, data.camera(), data.conditionFraming())) {
                    NDArray sr = avatar.renderTensor(f, new View(d.pose(), d.beta(), d.condition(), d.row()));
                    double psnr = ImageMetrics.psnr(sr, batches.centredTruth(f, d)).getFloat(0);
                    report.append(String.format(java.util.Locale.ROOT, " frame %d: %.2f dB", d.index(), psnr));
                    worst = Math.min(worst, psnr);
                }
            }
            System.out.println("overfit after " + r.step() + " steps (" + String.format(java.util.Locale.ROOT, "%.3f", r.secondsPerStep())
                    + " s/step):" + report);
            assertTrue(worst >= MIN_PSNR, "two training frames should be memorised to " + MIN_PSNR + " dB:" + report);
        }
    }
}
