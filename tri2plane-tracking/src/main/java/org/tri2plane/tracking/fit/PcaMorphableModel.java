package org.tri2plane.tracking.fit;

import org.tri2plane.core.subject.MorphableModelFile;

/**
 * The built-in morphable model: the subject's mean aligned shape and the top-K
 * principal components of its aligned training-frame shapes (orthonormal columns), with the
 * standard deviation of each coefficient.
 */
public record PcaMorphableModel(double[] mean, double[][] basis, double[] std) implements MorphableModel {

    public PcaMorphableModel {
        if (mean.length % 3 != 0) {
            throw new IllegalArgumentException("mean shape length must be a multiple of 3");
        }
        for (double[] b : basis) {
            if (b.length != mean.length) {
                throw new IllegalArgumentException("every component must have the mean's length");
            }
        }
        if (std.length != basis.length) {
            throw new IllegalArgumentException("one standard deviation per component");
        }
    }

    /** From a PCA of aligned shapes. */
    public static PcaMorphableModel of(Pca pca) {
        double[] std = new double[pca.variances().length];
        for (int k = 0; k < std.length; k++) {
            std[k] = Math.sqrt(pca.variances()[k]);
        }
        return new PcaMorphableModel(pca.mean(), pca.components(), std);
    }

    /** The model stored in a subject's {@code morphable_model.json}. */
    public static PcaMorphableModel of(MorphableModelFile file) {
        return new PcaMorphableModel(file.mean(), file.basis(), file.std());
    }

    /** This model as {@code morphable_model.json}, with the topology's triangles and texture coordinates. */
    public MorphableModelFile toFile(int[] triangles, double[] uv) {
        return new MorphableModelFile(vertexCount(), expressionCount(), mean, basis, std, triangles, uv);
    }

    @Override
    public int vertexCount() {
        return mean.length / 3;
    }

    @Override
    public int expressionCount() {
        return basis.length;
    }

    @Override
    public double[] meanShape() {
        return mean;
    }

    @Override
    public double[] component(int k) {
        return basis[k];
    }

    @Override
    public double coefficientStd(int k) {
        return std[k];
    }
}
