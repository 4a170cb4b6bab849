package org.tri2plane.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Progress;
import org.tri2plane.render.landmarks.ExpectedParams;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.render.landmarks.ReferenceLandmarks;
import org.tri2plane.render.video.VideoWriter;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * Writes a planned render: each frame drawn by the {@link Avatar} (beside its ground truth
 * when asked), to the MP4 and/or PNG folder, the ground-truth folder and the expected-landmarks
 * file. Folders are filled under temporary names and renamed into place once complete; nothing
 * half-written is left under a final name.
 */
final class RenderWriter {

    private RenderWriter() {}

    static RenderSummary write(RenderRequest r, Avatar avatar, FramePlan plan, int size, long t0) throws IOException {
        boolean sbs = r.sideBySide() && plan.frames().get(0).truth() != null;
        int width = sbs ? 2 * size : size;
        Camera camera = avatar.windowCamera(r.windowDx(), r.windowDy());
        LandmarkProjector projector = r.landmarks() == null ? null : projector(r, avatar.subject(), camera);
        List<ReferenceLandmarks.Frame> expected = new ArrayList<>();
        Path pngTemp = r.pngDir() == null ? null : AtomicFiles.newTemporaryDirectory(r.pngDir());
        Path truthTemp = null;
        String codec = null;
        boolean audio = false;
        VideoWriter video = null;
        try (Progress bar = new Progress("render", plan.frames().size(), "frames")) {
            if (r.truthDir() != null) {
                truthTemp = AtomicFiles.newTemporaryDirectory(r.truthDir());
            }
            video = r.mp4() == null ? null : VideoWriter.open(r.mp4(), width, size, plan.fps(), plan.audio());
            int i = 0;
            for (FramePlan.Frame f : plan.frames()) {
                RgbImage result = avatar.render(new View(f.pose(), f.beta(), f.condition(), f.gammaRow(), r.windowDx(), r.windowDy(),
                        size));
                RgbImage truth = (sbs || truthTemp != null) ? f.truth().get() : null;
                RgbImage frame = sbs ? beside(truth, result) : result;
                if (video != null) {
                    video.write(frame);
                }
                String name = String.format("%06d.png", i);
                if (pngTemp != null) {
                    frame.writePng(pngTemp.resolve(name));
                }
                if (truthTemp != null) {
                    truth.writePng(truthTemp.resolve(name));
                }
                if (projector != null) {
                    expected.add(new ReferenceLandmarks.Frame(i, f.index(), projector.project(f.beta(), f.pose())));
                }
                bar.set(++i);
            }
            if (video != null) {
                video.commit();
                codec = video.codec();
                audio = video.hasAudio();
            }
            writeExpectations(r, expected, plan, camera);
            pngTemp = publish(pngTemp, r.pngDir());
            truthTemp = publish(truthTemp, r.truthDir());
        } finally {
            if (video != null) {
                video.close();
            }
            for (Path t : new Path[] {pngTemp, truthTemp}) {
                if (t != null) {
                    AtomicFiles.deleteRecursively(t);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new RenderSummary(plan.frames().size(), width, size, plan.fps(), codec, audio, r.mp4(), r.pngDir(),
                plan.frames().size() / seconds, seconds);
    }

    /** The files that say what the frames should show: expected landmarks (F-LMD) and parameters (AED/APD). */
    private static void writeExpectations(RenderRequest r, List<ReferenceLandmarks.Frame> landmarks, FramePlan plan,
            Camera window) throws IOException {
        if (r.landmarks() != null) {
            ReferenceLandmarks.write(r.landmarks(), landmarks);
        }
        if (r.expectedParams() != null) {
            expectedParams(r, plan, window).write(r.expectedParams());
        }
    }

    /**
     * What each frame was rendered from, for AED/APD: the subject, the render camera scaled to the
     * 512² at which faces are measured, and per frame its pose and β.
     */
    private static ExpectedParams expectedParams(RenderRequest r, FramePlan plan, Camera window) {
        List<ExpectedParams.Frame> frames = new ArrayList<>();
        int i = 0;
        for (FramePlan.Frame f : plan.frames()) {
            frames.add(new ExpectedParams.Frame(i++, f.index(), f.pose().rotation(), f.pose().translation(), f.beta()));
        }
        Camera camera = window.scaled((double) FaceLandmarks.SIDE / window.width());
        return new ExpectedParams(r.subject().toAbsolutePath().normalize().toString(), camera, frames);
    }

    /** Moves a finished temporary folder to its final name; returns null (nothing left to clean up). */
    private static Path publish(Path temporary, Path target) throws IOException {
        if (temporary != null) {
            AtomicFiles.replaceDirectory(temporary, target);
        }
        return null;
    }

    /** The expected-landmark projector of {@code --landmarks}: MediaPipe's 468 vertices through the render camera. */
    private static LandmarkProjector projector(RenderRequest r, SubjectDirectory subject, Camera window) {
        PcaMorphableModel mm = PcaMorphableModel.of(subject.morphableModel());
        if (mm.vertexCount() != 468) {
            throw new RenderException("--landmarks: the morphable model of " + r.subject() + " has " + mm.vertexCount()
                    + " vertices; F-LMD landmarks need MediaPipe's 468 (a subject from tri2plane track)");
        }
        return new LandmarkProjector(mm, window);
    }

    /** Two images of the same height side by side. */
    static RgbImage beside(RgbImage a, RgbImage b) {
        int h = b.height();
        RgbImage left = a.height() == h ? a : ImageOps.resize(a, a.width() * h / a.height(), h);
        int w = left.width() + b.width();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(left.rgb(), y * left.width() * 3, out, y * w * 3, left.width() * 3);
            System.arraycopy(b.rgb(), y * b.width() * 3, out, (y * w + left.width()) * 3, b.width() * 3);
        }
        return new RgbImage(w, h, out);
    }
}
