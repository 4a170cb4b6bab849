package org.tri2plane.tracking.tfjs;

import java.util.Arrays;

/**
 * A constant tensor of a TFJS model in host memory, in TensorFlow's layout: either float values
 * or int values, with the TF shape (row-major).
 */
public record HostTensor(long[] shape, float[] floats, int[] ints) {

    public HostTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int len = floats != null ? floats.length : ints.length;
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + len);
        }
    }

    public boolean isFloat() {
        return floats != null;
    }

    /** Number of elements. */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }
}
