package org.tri2plane.core.config;

import java.util.List;

/** Range checks for config records; each failure names the offending key. */
public final class Checks {
    private Checks() {}

    public static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    /** {@code value} ≤ {@code max}; the message says the bound is one no machine of ours can run past. */
    public static void atMost(String key, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(key + " must be <= " + max + ", was " + value
                    + " (far beyond any model this program can run; check the value)");
        }
    }

    public static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", was " + value);
        }
    }

    public static void nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number >= 0, was " + value);
        }
    }

    public static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, was " + value);
        }
    }

    public static void powerOfTwo(String key, long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(key + " must be a power of two, was " + value);
        }
    }

    public static void notEmpty(String key, List<?> list) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(key + " must be a non-empty list");
        }
        for (Object o : list) {
            if (o == null) {
                throw new IllegalArgumentException(key + " must not contain null");
            }
        }
    }

    /** A non-empty list of positive integers; returns an immutable copy. */
    public static List<Integer> positiveList(String key, List<Integer> list) {
        notEmpty(key, list);
        for (int v : list) {
            positive(key + "[]", v);
        }
        return List.copyOf(list);
    }

    public static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be a non-empty string");
        }
    }
}
