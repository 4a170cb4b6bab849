package org.tri2plane.core.bench;

import java.util.Arrays;
import java.util.List;

/** Median, minimum and maximum of repeated measurements (seconds unless named otherwise). */
public record Stats(double median, double min, double max, int runs) {

    /** Statistics of {@code values}; NaN fields (runs 0) when there are none. */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        double median = n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
        return new Stats(median, a[0], a[n - 1], n);
    }
}
