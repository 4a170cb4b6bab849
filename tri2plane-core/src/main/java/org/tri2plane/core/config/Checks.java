package org.tri2plane.core.config;

import java.util.List;

/** Range checks used by the config records; each failure names the offending key. */
final class Checks {
    private Checks() {}

    static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", was " + value);
        }
    }

    static void nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number >= 0, was " + value);
        }
    }

    static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, was " + value);
        }
    }

    static void powerOfTwo(String key, long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(key + " must be a power of two, was " + value);
        }
    }

    static void notEmpty(String key, List<?> list) {
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
    static List<Integer> positiveList(String key, List<Integer> list) {
        notEmpty(key, list);
        for (int v : list) {
            positive(key + "[]", v);
        }
        return List.copyOf(list);
    }

    static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be a non-empty string");
        }
    }
}
