package org.tri2plane.render;

import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.render.landmarks.Landmarks68;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * Where the 68 F-LMD landmarks of a frame should be: the subject's morphable mesh for the frame's
 * coefficients β, moved by its pose and projected through the render camera (the centred window),
 * in pixels of the frame scaled to 512² ({@link FaceLandmarks#SIDE}). For a tracked frame this is
 * what the tracker measured (to its reprojection error); for a cross-reenacted frame it is the
 * driver's motion after transfer.
 */
final class LandmarkProjector {

    private final PcaMorphableModel model;
    private final Camera window;
    private final double scale;

    /** {@code window}: the camera of the rendered window (its width is the window's side). */
    public LandmarkProjector(PcaMorphableModel model, Camera window) {
        this.model = model;
        this.window = window;
        this.scale = (double) FaceLandmarks.SIDE / window.width();
    }

    /** The 68 points (136 values) at 512². */
    public double[] project(double[] beta, Pose pose) {
        double[] shape = model.shape(beta);
        double[] uv = new double[2 * 468];
        for (int i = 0; i < 468; i++) {
            double[] p = pose.toCamera(new double[] {shape[3 * i], shape[3 * i + 1], shape[3 * i + 2]});
            double[] q = window.project(p);
            uv[2 * i] = q[0];
            uv[2 * i + 1] = q[1];
        }
        return Landmarks68.select(uv, 2, scale);
    }
}
