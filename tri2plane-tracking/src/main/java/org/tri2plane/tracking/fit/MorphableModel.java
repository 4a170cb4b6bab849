package org.tri2plane.tracking.fit;

/**
 * A linear face model (Eq. 1 without identity): S(β) = S̄ + B·β over a fixed vertex topology, in
 * canonical space. The built-in implementation is {@link PcaMorphableModel}; a licensed 3DMM
 * (BFM, FLAME) can implement this interface.
 */
public interface MorphableModel {

    /** Number of vertices. */
    int vertexCount();

    /** Number of expression coefficients K. */
    int expressionCount();

    /** S̄ (vertexCount x 3, interleaved). */
    double[] meanShape();

    /** Column k of B (vertexCount x 3, interleaved). */
    double[] component(int k);

    /** Standard deviation of coefficient k over the data the model was built from (for priors). */
    double coefficientStd(int k);

    /** S̄ + B·β. */
    default double[] shape(double[] beta) {
        double[] s = meanShape().clone();
        for (int k = 0; k < beta.length; k++) {
            double b = beta[k];
            if (b == 0) {
                continue;
            }
            double[] c = component(k);
            for (int i = 0; i < s.length; i++) {
                s[i] += b * c[i];
            }
        }
        return s;
    }

    /** Least-squares coefficients of a shape: Bᵀ(S − S̄) (B has orthonormal columns). */
    default double[] coefficients(double[] shape) {
        double[] mean = meanShape();
        double[] beta = new double[expressionCount()];
        for (int k = 0; k < beta.length; k++) {
            double[] c = component(k);
            double s = 0;
            for (int i = 0; i < mean.length; i++) {
                s += (shape[i] - mean[i]) * c[i];
            }
            beta[k] = s;
        }
        return beta;
    }
}
