package org.tri2plane.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Progress;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.raster.ConditionRenderer;

/**
 * Stage 4 of tracking: the mean UV texture from the training frames, then each frame's front-view
 * texture and normal condition maps; returns the canonical framing they show. Maps already written
 * are skipped on resume.
 */
final class ConditionStage {

    private ConditionStage() {}

    /** Stage 4: mean texture from the training frames, then both condition maps of every frame. */
    static double[] run(CanonicalFaceModel canonical, Path partial, PcaMorphableModel model, List<FrameFitter.Fit> fits, int[] indices,
            boolean[] train, Camera camera, TrackingSettings s) throws IOException {
        double[] framing = ConditionRenderer.framing(model.meanShape(), s.conditionMargin());
        ConditionRenderer renderer = new ConditionRenderer(canonical.triangles(), canonical.uv(), s.textureSize(), framing,
                s.conditionSize(), model.meanShape(), s.conditionInset(), s.mouthCavity());
        Path texFile = partial.resolve(SubjectDirectory.TEXTURE);
        RgbImage texture;
        if (Files.exists(texFile)) {
            texture = RgbImage.read(texFile);
        } else {
            int trainCount = 0;
            for (boolean t : train) {
                trainCount += t ? 1 : 0;
            }
            try (Progress bar = new Progress("texture  ", trainCount, "frames")) {
                int k = 0;
                for (int i = 0; i < fits.size(); i++) {
                    if (!train[i]) {
                        continue;
                    }
                    RgbImage frame = RgbImage.read(partial.resolve("frames").resolve(SubjectDirectory.fileName(indices[i])));
                    renderer.accumulate(frame, camera, fits.get(i).pose(), model.shape(fits.get(i).beta()));
                    bar.set(++k);
                }
            }
            texture = renderer.meanTexture();
            AtomicFiles.writeFile(texFile, texture::writePng);
        }
        Path texDir = partial.resolve("cond").resolve("tex");
        Path nrmDir = partial.resolve("cond").resolve("normal");
        Files.createDirectories(texDir);
        Files.createDirectories(nrmDir);
        try (Progress bar = new Progress("condition", fits.size(), "frames")) {
            for (int i = 0; i < fits.size(); i++) {
                String name = SubjectDirectory.fileName(indices[i]);
                if (!Files.exists(texDir.resolve(name)) || !Files.exists(nrmDir.resolve(name))) {
                    RgbImage[] maps = renderer.render(model.shape(fits.get(i).beta()), texture);
                    AtomicFiles.writeFile(texDir.resolve(name), maps[0]::writePng);
                    AtomicFiles.writeFile(nrmDir.resolve(name), maps[1]::writePng);
                }
                bar.set(i + 1);
            }
        }
        return framing;
    }
}
