package org.tri2plane.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.util.Stats;

/**
 * The compute this CPU reaches through the engine on the two operations the model spends its
 * FLOPs in: a large float32 matrix product and a large 3×3 convolution. Reported as achieved
 * GFLOP/s, the ceiling against which the model's GFLOP/s is read.
 */
public final class CpuPeak {

    /** Achieved GFLOP/s (median, min, max over the runs) of each operation, and its size. */
    public record Result(int threads, int matmulSize, Stats matmulGflops, String convShape, Stats convGflops) {}

    private CpuPeak() {}

    /**
     * Times an n×n·n×n matmul (2n³ FLOPs) and a [1, c, s, s] 3×3 convolution to c channels with
     * padding 1 (2·c²·9·s² FLOPs), {@code runs} times each after one warm-up.
     */
    public static Result measure(int n, int c, int s, int runs) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
            double matmulFlops = 2.0 * n * n * n;
            List<Double> mm = new ArrayList<>();
            for (int k = 0; k <= runs; k++) {
                long t0 = System.nanoTime();
                try (NDArray p = a.matMul(b)) {
                    p.getFloat(0, 0);
                }
                if (k > 0) {
                    mm.add(matmulFlops / ((System.nanoTime() - t0) / 1e9) / 1e9);
                }
            }
            NDArray x = m.randomUniform(-1f, 1f, new Shape(1, c, s, s));
            NDArray wgt = m.randomUniform(-0.1f, 0.1f, new Shape(c, c, 3, 3));
            double convFlops = 2.0 * c * c * 9 * s * s;
            List<Double> cv = new ArrayList<>();
            for (int k = 0; k <= runs; k++) {
                long t0 = System.nanoTime();
                try (NDArray y = Conv2d.conv2d(x, wgt, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                        .singletonOrThrow()) {
                    y.getFloat(0, 0, 0, 0);
                }
                if (k > 0) {
                    cv.add(convFlops / ((System.nanoTime() - t0) / 1e9) / 1e9);
                }
            }
            return new Result(JniUtils.getNumThreads(), n, Stats.of(mm),
                    "[1," + c + "," + s + "," + s + "] 3x3 -> " + c, Stats.of(cv));
        }
    }
}
