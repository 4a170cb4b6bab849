package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;

/**
 * Everything one training forward pass produces: the tri-planes Φ_0..2, the renders of the three
 * scales at {@code layout} (each [B, F, W/4, W/4]), the tiled 16-patch SR input [B, F, W, W]
 * (only tile {@code layout.tile()} carries gradient) and the SR image [B, 3, out, out].
 */
public record TrainingForward(
        NDList planes, List<RenderedImage> scales, NDArray srInput, NDArray superResolved, PatchLayout layout) {}
