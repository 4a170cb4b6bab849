package org.tri2plane.core.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's parameters grouped by its top-level blocks (encoder, mapping, generator, canonical,
 * mlp, sr, latents, aligned): the counts a summary and a model header report, and the groups of
 * per-block learning rates.
 */
public final class BlockParameters {

    private BlockParameters() {}

    /** Parameter counts per top-level block, in the model's order. */
    public static Map<String, Long> counts(Tri2PlaneModel model) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Pair<String, Block> child : model.getChildren()) {
            long n = 0;
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                n += p.getValue().getShape().size();
            }
            out.put(plain(child.getKey()), n);
        }
        return out;
    }

    /** The top-level block of every parameter, keyed like {@link Tri2PlaneModel#namedParameters()}. */
    public static Map<String, String> blocks(Tri2PlaneModel model) {
        Map<Parameter, String> owner = new IdentityHashMap<>();
        for (Pair<String, Block> child : model.getChildren()) {
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                owner.put(p.getValue(), plain(child.getKey()));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            out.put(e.getKey(), owner.get(e.getValue()));
        }
        return out;
    }

    /** DJL prefixes child names with their position ("01encoder"); the plain name. */
    private static String plain(String childName) {
        return childName.replaceFirst("^\\d+", "");
    }
}
