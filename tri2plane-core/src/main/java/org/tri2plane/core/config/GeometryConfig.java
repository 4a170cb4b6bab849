package org.tri2plane.core.config;

/**
 * Supervision of the density by the subject's tracked face (ours; all 0 in the paper's configs,
 * which constrain only each ray's total opacity). On the rays that meet the face mesh:
 * {@code depthWeight} weighs the L1 between the render's expected depth (normalised by its opacity)
 * and the mesh's ray distance, {@code frontWeight} the ray weight that lies more than
 * {@code surfaceMargin} (canonical units, 1 ≈ 8 cm) in front of the mesh. {@code distortionWeight}
 * weighs Mip-NeRF 360's distortion loss on every ray (weights that concentrate on one surface).
 * {@code turnedViewDegrees} &gt; 0 adds to each step a coarse render of the frame's head turned by a
 * yaw within ± that angle and a pitch within ± half of it (drawn from seed and step), supervised only
 * by the mesh there: depth, weight in front, and opacity 1 on the face (weighted by loss.lambdaMask);
 * {@code emptyWeight} weighs, in that view, the ray weight outside the subject's head (an ellipsoid
 * around its {@link org.tri2plane.core.geometry.HeadExtent}) above the chin, where a turned head has
 * nothing: the streaks a frontal video leaves beside a turned head.
 */
public record GeometryConfig(double depthWeight, double frontWeight, double distortionWeight, double surfaceMargin,
        double turnedViewDegrees, double emptyWeight) {

    public GeometryConfig {
        Checks.nonNegative("geometry.depthWeight", depthWeight);
        Checks.nonNegative("geometry.frontWeight", frontWeight);
        Checks.nonNegative("geometry.distortionWeight", distortionWeight);
        Checks.nonNegative("geometry.surfaceMargin", surfaceMargin);
        Checks.nonNegative("geometry.emptyWeight", emptyWeight);
        if (emptyWeight > 0 && turnedViewDegrees <= 0) {
            throw new IllegalArgumentException("geometry.emptyWeight supervises the turned view: it needs geometry.turnedViewDegrees > 0");
        }
        if (!(turnedViewDegrees >= 0 && turnedViewDegrees <= 90)) {
            throw new IllegalArgumentException("geometry.turnedViewDegrees must be in [0, 90] (0: no turned view), was "
                    + turnedViewDegrees);
        }
    }

    /** The paper's training: no geometry terms. */
    public static GeometryConfig none() {
        return new GeometryConfig(0, 0, 0, 0, 0, 0);
    }

    /** Whether training needs the tracked face (any term on). */
    public boolean usesFace() {
        return depthWeight > 0 || frontWeight > 0 || distortionWeight > 0 || turnedViewDegrees > 0;
    }
}
