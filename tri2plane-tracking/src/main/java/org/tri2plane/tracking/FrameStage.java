package org.tri2plane.tracking;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Progress;
import org.tri2plane.core.util.Stats;
import org.tri2plane.tracking.face.FaceMeshLandmarker;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoInfo;
import org.tri2plane.tracking.video.VideoReader;

/**
 * Stage 2 of tracking: one fixed square crop for the whole video (around the median face), and
 * the cropped frames and masks at frameSize² (with an output scale N &gt; 1 also at
 * (N · frameSize)² from the same crop); frames already written are skipped on resume.
 */
final class FrameStage {

    private FrameStage() {}

    static double medianFaceSize(List<TrackLine> kept) {
        double[] sizes = new double[kept.size()];
        for (int i = 0; i < sizes.length; i++) {
            double[] b = new FaceMeshLandmarker.Mesh(kept.get(i).points(), 1).bounds();
            sizes[i] = Math.max(b[2] - b[0], b[3] - b[1]);
        }
        return Stats.median(sizes);
    }

    /** Fixed square crop {x0, y0, side} in source pixels: around the median face, clamped into the video. */
    static double[] crop(List<TrackLine> kept, VideoInfo info, TrackingSettings s, double faceSize) {
        double[] cx = new double[kept.size()];
        double[] cy = new double[kept.size()];
        for (int i = 0; i < cx.length; i++) {
            double[] b = new FaceMeshLandmarker.Mesh(kept.get(i).points(), 1).bounds();
            cx[i] = (b[0] + b[2]) / 2;
            cy[i] = (b[1] + b[3]) / 2;
        }
        double side = Math.min(s.cropScale() * faceSize, Math.min(info.width(), info.height()));
        double x = Stats.median(cx) - side / 2;
        double y = Stats.median(cy) + s.cropCenterOffsetY() * faceSize - side / 2;
        x = Math.max(0, Math.min(info.width() - side, x));
        y = Math.max(0, Math.min(info.height() - side, y));
        return new double[] {Math.round(x), Math.round(y), Math.floor(side)};
    }

    /**
     * Stage 2: cropped frames and masks (skipping those already written), with {@code hi} &gt; 1 also at
     * hi · frameSize from the same crop (its mask sampled from the same segmentation); landmarks in
     * frame pixels.
     */
    static List<double[]> run(FaceModels models, Path video, Path partial, List<TrackLine> kept, double[] crop,
            TrackingSettings s, int hi) throws IOException {
        Files.createDirectories(partial.resolve("frames"));
        Files.createDirectories(partial.resolve("masks"));
        if (hi > 1) {
            Files.createDirectories(partial.resolve(SubjectDirectory.framesFolder(hi)));
            Files.createDirectories(partial.resolve(SubjectDirectory.masksFolder(hi)));
        }
        int size = s.frameSize();
        double scale = size / crop[2];
        Affine2 toSource = new Affine2(1 / scale, 0, crop[0], 0, 1 / scale, crop[1]);
        Affine2 hiToSource = hiResToSource(crop, size, hi);
        List<double[]> points = new ArrayList<>();
        for (TrackLine l : kept) {
            double[] p = l.points().clone();
            for (int i = 0; i < p.length / 3; i++) {
                p[3 * i] = (p[3 * i] - crop[0]) * scale;
                p[3 * i + 1] = (p[3 * i + 1] - crop[1]) * scale;
                p[3 * i + 2] = p[3 * i + 2] * scale;
            }
            points.add(p);
        }
        int k = 0;
        try (VideoReader reader = VideoReader.open(video);
                Progress bar = new Progress("frames   ", kept.size(), "frames");
                NDManager frameManager = models.manager().newSubManager()) {
            DecodedFrame f;
            while (k < kept.size() && (f = reader.next()) != null) {
                if (f.index() != kept.get(k).index()) {
                    continue;
                }
                String name = SubjectDirectory.fileName(f.index());
                Path framePath = partial.resolve("frames").resolve(name);
                Path maskPath = partial.resolve("masks").resolve(name);
                Path hiFramePath = partial.resolve(SubjectDirectory.framesFolder(hi)).resolve(name);
                Path hiMaskPath = partial.resolve(SubjectDirectory.masksFolder(hi)).resolve(name);
                boolean hiDone = hi == 1 || (Files.exists(hiFramePath) && Files.exists(hiMaskPath));
                if (!Files.exists(framePath) || !Files.exists(maskPath) || !hiDone) {
                    RgbImage img = ImageOps.warpImage(f.image(), toSource, size, size, 0);
                    float[][] masks;
                    try (NDScope scope = new NDScope()) {
                        masks = models.selfie().masks(img, frameManager, hi == 1 ? new int[] {size} : new int[] {size, hi * size});
                    }
                    AtomicFiles.writeFile(framePath, img::writePng);
                    AtomicFiles.writeFile(maskPath, tmp -> writeGray(masks[0], size, size, tmp));
                    if (hi > 1) {
                        int big = hi * size;
                        RgbImage hiImg = ImageOps.warpImage(f.image(), hiToSource, big, big, 0);
                        AtomicFiles.writeFile(hiFramePath, hiImg::writePng);
                        AtomicFiles.writeFile(hiMaskPath, tmp -> writeGray(masks[1], big, big, tmp));
                    }
                }
                k++;
                bar.set(k);
            }
        }
        if (k != kept.size()) {
            throw new TrackingException(video + " ended before frame " + kept.get(k).index() + " on the second pass");
        }
        return points;
    }

    /**
     * The map from pixels of the (hi · size)² hi-res frame to source pixels: the same crop as the
     * size² frame, so hi x hi blocks of the hi-res frame cover exactly one frame pixel.
     */
    static Affine2 hiResToSource(double[] crop, int size, int hi) {
        double perPixel = crop[2] / ((double) hi * size);
        return new Affine2(perPixel, 0, crop[0], 0, perPixel, crop[1]);
    }

    static void writeGray(float[] values, int w, int h, Path file) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] * 255)));
        }
        RgbImage.writePng(img, file);
    }
}
