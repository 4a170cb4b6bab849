package org.tri2plane.core.geometry;

import java.util.Arrays;
import java.util.List;

/**
 * Rigid head pose P_t = (R, T) of Eq. 2: camera point = R · canonical point + T. R is kept as a
 * row-major 3x3 rotation matrix (never Euler angles); the inverse is canonical = Rᵀ (camera − T).
 */
public record Pose(double[] rotation, double[] translation) {

    private static final double ORTHONORMAL_TOLERANCE = 1e-4;

    public Pose {
        if (rotation == null || rotation.length != 9) {
            throw new IllegalArgumentException("rotation must have 9 entries (row-major 3x3)");
        }
        if (translation == null || translation.length != 3) {
            throw new IllegalArgumentException("translation must have 3 entries");
        }
        rotation = rotation.clone();
        translation = translation.clone();
        for (double v : rotation) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("rotation entries must be finite");
            }
        }
        for (double v : translation) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("translation entries must be finite");
            }
        }
        double[] rrt = Rotation.mul(rotation, Rotation.transpose(rotation));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double expect = i == j ? 1 : 0;
                if (Math.abs(rrt[3 * i + j] - expect) > ORTHONORMAL_TOLERANCE) {
                    throw new IllegalArgumentException(
                            "rotation is not orthonormal: R·Rᵀ[" + i + "][" + j + "] = " + rrt[3 * i + j]);
                }
            }
        }
        if (Rotation.determinant(rotation) < 0) {
            throw new IllegalArgumentException("rotation has determinant -1 (a reflection)");
        }
    }

    /** Identity rotation with translation {@code t}. */
    public static Pose translation(double tx, double ty, double tz) {
        return new Pose(Rotation.identity(), new double[] {tx, ty, tz});
    }

    /** Rotation by {@code angle} radians about the canonical y axis (yaw), then translation. */
    public static Pose yaw(double angle, double tx, double ty, double tz) {
        return new Pose(Rotation.aboutY(angle), new double[] {tx, ty, tz});
    }

    /** The identity rotation with this pose's translation (the head facing the camera at the same place). */
    public Pose facingCamera() {
        return new Pose(Rotation.identity(), translation);
    }

    /**
     * This pose turned about the canonical origin (inside the head) by {@code yaw}, then
     * {@code pitch} radians, in camera axes: R' = Rx(pitch) · Ry(yaw) · R, T unchanged. A zero
     * turn returns this pose.
     */
    public Pose turned(double yaw, double pitch) {
        if (yaw == 0 && pitch == 0) {
            return this;
        }
        return new Pose(Rotation.orthonormalise(Rotation.mul(Rotation.aboutX(pitch), Rotation.mul(Rotation.aboutY(yaw), rotation))),
                translation);
    }

    /**
     * The mean of rigid poses: the mean translation, and the rotation nearest the mean rotation
     * matrix (the chordal L2 mean).
     */
    public static Pose mean(List<Pose> poses) {
        if (poses.isEmpty()) {
            throw new IllegalArgumentException("the mean of no poses");
        }
        double[] r = new double[9];
        double[] t = new double[3];
        for (Pose p : poses) {
            for (int k = 0; k < 9; k++) {
                r[k] += p.rotation[k];
            }
            for (int k = 0; k < 3; k++) {
                t[k] += p.translation[k] / poses.size();
            }
        }
        return new Pose(Rotation.orthonormalise(r), t);
    }

    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    @Override
    public double[] translation() {
        return translation.clone();
    }

    /** R · p + T. */
    public double[] toCamera(double[] p) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = rotation[3 * i] * p[0] + rotation[3 * i + 1] * p[1] + rotation[3 * i + 2] * p[2]
                    + translation[i];
        }
        return out;
    }

    /** Rᵀ · (p − T): the consistent inverse of Eq. 2 (docs/conventions.md). */
    public double[] toCanonical(double[] p) {
        double[] d = {p[0] - translation[0], p[1] - translation[1], p[2] - translation[2]};
        return rotateInverse(d);
    }

    /** Rᵀ · v (a direction from camera to canonical space). */
    public double[] rotateInverse(double[] v) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = rotation[i] * v[0] + rotation[3 + i] * v[1] + rotation[6 + i] * v[2];
        }
        return out;
    }

    /** Camera centre in canonical coordinates: −Rᵀ T. */
    public double[] cameraCentreCanonical() {
        double[] c = rotateInverse(translation);
        return new double[] {-c[0], -c[1], -c[2]};
    }

    /** This pose with {@code delta} added to T (the head translation of Eq. 8/9). */
    public Pose translatedBy(double[] delta) {
        return new Pose(
                rotation,
                new double[] {translation[0] + delta[0], translation[1] + delta[1], translation[2] + delta[2]});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pose p
                && Arrays.equals(rotation, p.rotation)
                && Arrays.equals(translation, p.translation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rotation) + Arrays.hashCode(translation);
    }

    @Override
    public String toString() {
        return "Pose[R=" + Arrays.toString(rotation) + ", T=" + Arrays.toString(translation) + "]";
    }
}
