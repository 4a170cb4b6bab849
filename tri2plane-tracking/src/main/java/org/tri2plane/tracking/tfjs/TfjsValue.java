package org.tri2plane.tracking.tfjs;

import ai.djl.ndarray.NDArray;
import java.util.function.BinaryOperator;

/**
 * A tensor while a TFJS graph runs: the array and whether a 4-D array is kept in NCHW (DJL's
 * convolution layout) rather than TensorFlow's NHWC.
 */
record TfjsValue(NDArray array, boolean nchw) {

    /** The array in TensorFlow's layout. */
    NDArray nhwc() {
        return nchw ? array.transpose(0, 2, 3, 1) : array;
    }

    /** A 4-D array in NCHW. */
    NDArray nchw4() {
        if (nchw) {
            return array;
        }
        if (array.getShape().dimension() != 4) {
            throw new TfjsFormatException("expected a 4-D tensor, got " + array.getShape());
        }
        return array.transpose(0, 3, 1, 2);
    }

    /** An elementwise op with TensorFlow's broadcasting, in NCHW when either side is. */
    static TfjsValue binary(TfjsValue a, TfjsValue b, BinaryOperator<NDArray> op) {
        boolean outNchw = a.nchw() || b.nchw();
        if (!outNchw) {
            return new TfjsValue(op.apply(a.array(), b.array()), false);
        }
        return new TfjsValue(op.apply(a.asNchwOperand(), b.asNchwOperand()), true);
    }

    /** This operand laid out to broadcast against NCHW. */
    private NDArray asNchwOperand() {
        if (nchw) {
            return array;
        }
        return array.getShape().dimension() == 4 ? nchw4() : TfjsOps.toNchwBroadcast(array);
    }
}
