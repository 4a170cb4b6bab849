package org.tri2plane.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Progress;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.SubjectFitter;

/**
 * Stage 3 of tracking: the subject's morphable model from its training frames, pose and β of
 * every frame, written as {@code params.jsonl}, {@code landmarks.jsonl} and
 * {@code morphable_model.json}.
 */
final class FitStage {

    private static final ObjectMapper JSON = SubjectDirectory.json();

    private FitStage() {}

    /** Fits the subject's model on the training frames, then pose and β of every frame, and writes them. */
    static SubjectFitter.Result run(CanonicalFaceModel canonical, Path partial, Camera camera, List<double[]> cropPoints,
            int[] indices, boolean[] train, TrackingSettings s) throws IOException {
        double[] canonicalShape = canonicalShape(canonical, s.canonicalScale());
        SubjectFitter.Result fit;
        try (Progress bar = new Progress("fit      ", indices.length, "frames")) {
            fit = new SubjectFitter(camera, canonicalShape, s.expressionDim(), s.huberPx(), s.shapePrior(),
                    s.fitIterations(), s.poseSmoothingFrames()).fit(cropPoints, indices, train, bar::set);
        }
        write(canonical, partial, fit.model(), fit.fits(), cropPoints, indices, train);
        return fit;
    }

    static double[] canonicalShape(CanonicalFaceModel canonical, double scale) {
        double[] v = canonical.vertices().clone();
        for (int i = 0; i < v.length / 3; i++) {
            v[3 * i] *= scale;
            v[3 * i + 1] *= -scale;
            v[3 * i + 2] *= -scale;
        }
        return v;
    }

    /** Stage 3 output: params.jsonl, landmarks.jsonl, morphable_model.json. */
    static void write(CanonicalFaceModel canonical, Path partial, PcaMorphableModel model, List<FrameFitter.Fit> fits, List<double[]> points,
            int[] indices, boolean[] train) throws IOException {
        List<FrameParams> params = new ArrayList<>();
        List<SubjectDirectory.LandmarkLine> lms = new ArrayList<>();
        for (int i = 0; i < fits.size(); i++) {
            FrameFitter.Fit f = fits.get(i);
            params.add(FrameParams.of(indices[i], f.pose(), f.beta(), f.meanError(), train[i]));
            double[] uv = SubjectFitter.pixels(points.get(i));
            for (int j = 0; j < uv.length; j++) {
                uv[j] = Math.round(uv[j] * 100) / 100.0;
            }
            lms.add(new SubjectDirectory.LandmarkLine(indices[i], uv));
        }
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.PARAMS), SubjectDirectory.toLines(params));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.LANDMARKS), SubjectDirectory.toLines(lms));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.MODEL), JSON.writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(model.toFile(canonical.triangles(), canonical.uv())));
    }
}
