package org.tri2plane.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.render.view.LiveDrive;
import org.tri2plane.render.view.ViewScene;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceTracker;
import picocli.CommandLine.Option;

/** Where live drive finds its face models ({@code --assets-dir}), shared by the commands that drive an avatar live. */
final class LiveOptions {

    @Option(names = "--assets-dir", paramLabel = "DIR",
            description = "Asset cache for the face models of live drive (default: $TRI2PLANE_ASSETS or ~/.cache/tri2plane/assets).")
    Path assetsDir;

    /** Live drive of {@code scene} by the face models of the asset cache (fetched when missing), kept in {@code manager}. */
    LiveDrive open(ViewScene scene, Avatar avatar, NDManager manager) {
        FaceModels models = FaceModels.fromStore(AssetStore.open(assetsDir), manager);
        return scene.liveDrive(new FaceTracker(models.detector(), models.mesh(), avatar.subject().meta().tracking().minMeshScore()));
    }
}
