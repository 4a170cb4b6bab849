package org.tri2plane.core.subject;

import java.util.List;
import org.tri2plane.core.geometry.Pose;

/**
 * One line of {@code params.jsonl}: a kept frame's source index, head pose (R row-major, T),
 * expression coefficients β, landmark reprojection error (median, pixels) and its split.
 */
public record FrameParams(int index, List<Double> r, List<Double> t, List<Double> beta, double reprojectionError, boolean train) {

    /** From a pose and coefficients. */
    public static FrameParams of(int index, Pose pose, double[] beta, double error, boolean train) {
        return new FrameParams(index, list(pose.rotation()), list(pose.translation()), list(beta), error, train);
    }

    /** The pose. */
    public Pose pose() {
        return new Pose(array(r), array(t));
    }

    /** β as an array. */
    public double[] betaArray() {
        return array(beta);
    }

    static List<Double> list(double[] a) {
        Double[] b = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return List.of(b);
    }

    static double[] array(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
