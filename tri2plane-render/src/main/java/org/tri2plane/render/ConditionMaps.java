package org.tri2plane.render;

import java.io.IOException;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.raster.ConditionRenderer;

/** Condition maps of a subject rendered for arbitrary β (cross-reenactment, the canonical view). */
public final class ConditionMaps {
    private final ConditionRenderer renderer;
    private final PcaMorphableModel model;
    private final RgbImage texture;
    private final int size;

    /** The maps of {@code subject}'s mesh and mean texture, given to the model at {@code size}². */
    public ConditionMaps(SubjectDirectory subject, int size) throws IOException {
        MorphableModelFile file = subject.morphableModel();
        this.model = PcaMorphableModel.of(file);
        double[] framing = subject.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray();
        this.renderer = new ConditionRenderer(file.triangles(), file.uv(), subject.meta().tracking().textureSize(), framing,
                subject.meta().conditionSize(), model.meanShape(), subject.meta().tracking().conditionInset(),
                subject.meta().tracking().mouthCavity());
        this.texture = RgbImage.read(subject.root().resolve(SubjectDirectory.TEXTURE));
        this.size = size;
    }

    /** The subject's morphable model the maps are drawn from (read once, here). */
    public PcaMorphableModel model() {
        return model;
    }

    /** The model's condition input (texture and normal maps, size²) for coefficients β. */
    public float[] of(double[] beta) {
        RgbImage[] maps = renderer.render(model.shape(beta), texture);
        return SubjectImages.condition(maps[0], maps[1], size);
    }
}
