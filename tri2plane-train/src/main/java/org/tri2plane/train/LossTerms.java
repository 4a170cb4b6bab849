package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weighted loss terms of one step (Eq. 10-13) by name and their sum. Names: rgb0, rgb1, rgb2
 * (L1 per scale), perceptual, mask, and srL1 when its weight is non-zero.
 */
record LossTerms(Map<String, NDArray> terms, NDArray total) {

    /** Term values as floats (forces evaluation). */
    public Map<String, Float> values() {
        Map<String, Float> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            out.put(e.getKey(), e.getValue().getFloat());
        }
        return out;
    }
}
