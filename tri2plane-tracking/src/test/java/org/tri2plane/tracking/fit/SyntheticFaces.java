package org.tri2plane.tracking.fit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.tri2plane.tracking.face.CanonicalFaceModel;

/**
 * Synthetic faces for tests: the MediaPipe canonical mesh in canonical space (y down, z away,
 * head about unit size) and a few smooth, known expression modes (mouth opening, smile, brow
 * raise, jaw shift), orthonormalised into a morphable model.
 */
public final class SyntheticFaces {
    private SyntheticFaces() {}

    public static final double SCALE = 1.0 / 8;

    public static CanonicalFaceModel canonical() {
        try {
            return CanonicalFaceModel.read(Path.of(SyntheticFaces.class.getResource("/models/canonical_face_model.binarypb").toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Canonical mesh in our canonical space: diag(1, −1, −1)·p / 8. */
    public static double[] neutral() {
        double[] v = canonical().vertices().clone();
        for (int i = 0; i < v.length / 3; i++) {
            v[3 * i] *= SCALE;
            v[3 * i + 1] *= -SCALE;
            v[3 * i + 2] *= -SCALE;
        }
        return v;
    }

    /** Raw (not orthonormal) deformation fields of the four modes. */
    public static double[][] modes(double[] neutral) {
        int n = neutral.length / 3;
        double[][] m = new double[4][3 * n];
        for (int i = 0; i < n; i++) {
            double x = neutral[3 * i];
            double y = neutral[3 * i + 1];
            // mouth region: below the nose (y > 0.25), near the centre
            double mouth = Math.exp(-(x * x) / 0.18 - Math.pow(y - 0.6, 2) / 0.08);
            // lower face moves down when the mouth opens, more towards the chin
            double below = 1 / (1 + Math.exp(-(y - 0.55) * 12));
            m[0][3 * i + 1] = 0.25 * below; // mouth opening / jaw drop
            m[1][3 * i] = 0.12 * mouth * Math.signum(x) * Math.min(1, Math.abs(x) * 4); // smile: corners out
            m[1][3 * i + 1] = -0.05 * mouth * Math.abs(x) * 3; // and up
            // eyebrows (above the eyes, away from the midline) move up
            double brow = Math.exp(-Math.pow(y + 0.62, 2) / 0.005) * Math.min(1, Math.max(0, (Math.abs(x) - 0.1) * 5));
            m[2][3 * i + 1] = -0.08 * brow;
            m[3][3 * i] = 0.06 * below; // jaw shift sideways
        }
        return m;
    }

    /** A morphable model over the canonical mesh with the four modes (orthonormalised). */
    public static PcaMorphableModel model(double[] neutral) {
        return model(neutral, modes(neutral));
    }

    /** A morphable model over {@code neutral} spanned by the given deformation fields. */
    public static PcaMorphableModel model(double[] neutral, double[][] raw) {
        double[][] basis = new double[raw.length][];
        double[] std = new double[raw.length];
        for (int k = 0; k < raw.length; k++) {
            double[] v = raw[k].clone();
            for (int j = 0; j < k; j++) {
                double d = dot(v, basis[j]);
                for (int i = 0; i < v.length; i++) {
                    v[i] -= d * basis[j][i];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
            basis[k] = v;
            std[k] = norm;
        }
        return new PcaMorphableModel(neutral, basis, std);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
