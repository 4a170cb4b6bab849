package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.function.Function;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.tracking.tfjs.TfjsGraph;
import org.tri2plane.tracking.tfjs.TfjsModelFile;

/**
 * The three face networks loaded once: BlazeFace detector, face mesh and selfie segmentation,
 * from TFJS files named as in the asset catalog ({@code blazeface.json}, {@code facemesh.json},
 * {@code selfie.json} and their {@code .bin}).
 */
public final class FaceModels implements AutoCloseable {

    private final NDManager manager;
    private final BlazeFaceDetector detector;
    private final FaceMeshLandmarker mesh;
    private final SelfieSegmenter selfie;

    /** Loads the models; {@code locate} maps an asset name to its file. */
    public FaceModels(Function<String, Path> locate, NDManager parent, double minDetectionScore) {
        this.manager = parent.newSubManager();
        locate.apply("blazeface.bin");
        locate.apply("facemesh.bin");
        locate.apply("selfie.bin");
        detector = new BlazeFaceDetector(new TfjsGraph(TfjsModelFile.read(locate.apply("blazeface.json")), manager),
                minDetectionScore);
        mesh = new FaceMeshLandmarker(new TfjsGraph(TfjsModelFile.read(locate.apply("facemesh.json")), manager));
        selfie = new SelfieSegmenter(new TfjsGraph(TfjsModelFile.read(locate.apply("selfie.json")), manager));
    }

    /** Models from the asset store (fetched when missing), with the default detection threshold. */
    public static FaceModels fromStore(org.tri2plane.tracking.assets.AssetStore store, NDManager parent) {
        return new FaceModels(store::require, parent, TrackingSettings.defaults().minDetectionScore());
    }

    /** Models in a directory holding the files under their asset names. */
    public static FaceModels fromDirectory(Path dir, NDManager parent) {
        return new FaceModels(dir::resolve, parent, 0.5);
    }

    public BlazeFaceDetector detector() {
        return detector;
    }

    public FaceMeshLandmarker mesh() {
        return mesh;
    }

    public SelfieSegmenter selfie() {
        return selfie;
    }

    /** Manager for per-frame work. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
