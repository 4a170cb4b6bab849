package org.tri2plane.core.util;

import java.util.Arrays;
import java.util.List;

/**
 * Median, minimum and maximum of repeated measurements (seconds unless named otherwise), and the
 * order statistics every module uses: the one median (mean of the two middle values for an even
 * count) and nearest-rank percentile.
 */
public record Stats(double median, double min, double max, int runs) {

    /** Statistics of {@code values}; NaN fields (runs 0) when there are none. */
    public static Stats of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Statistics of {@code values}; NaN fields (runs 0) when there are none. */
    public static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] a = sorted(values);
        return new Stats(medianOfSorted(a), a[0], a[a.length - 1], a.length);
    }

    /** Median of {@code values} (NaN when empty); the array is not changed. */
    public static double median(double[] values) {
        return values.length == 0 ? Double.NaN : medianOfSorted(sorted(values));
    }

    /**
     * The value at quantile {@code q} ∈ [0, 1] by nearest rank over the sorted values
     * (index round(q · (n − 1))); NaN when empty.
     */
    public static double percentile(double[] values, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], was " + q);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted(values);
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
    }

    private static double[] sorted(double[] values) {
        double[] a = values.clone();
        Arrays.sort(a);
        return a;
    }

    private static double medianOfSorted(double[] a) {
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
