package org.tri2plane.tracking.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** One node of a TFJS graph model: name, op, data inputs (control inputs dropped) and attributes. */
public record TfjsNode(String name, String op, List<String> inputs, JsonNode attrs) {

    /** A string attribute (stored base64-encoded), or {@code fallback}. */
    public String string(String key, String fallback) {
        JsonNode a = attrs.get(key);
        if (a == null || !a.has("s")) {
            return fallback;
        }
        return new String(Base64.getDecoder().decode(a.get("s").asText()), StandardCharsets.UTF_8);
    }

    /** A list-of-ints attribute, or {@code fallback}. */
    public long[] ints(String key, long[] fallback) {
        JsonNode a = attrs.get(key);
        if (a == null || !a.has("list") || !a.get("list").has("i")) {
            return fallback;
        }
        JsonNode list = a.get("list").get("i");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseLong(list.get(i).asText());
        }
        return out;
    }

    /** A list-of-strings attribute (base64), empty when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        JsonNode a = attrs.get(key);
        if (a != null && a.has("list") && a.get("list").has("s")) {
            for (JsonNode s : a.get("list").get("s")) {
                out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A boolean attribute, or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        JsonNode a = attrs.get(key);
        return a != null && a.has("b") ? a.get("b").asBoolean() : fallback;
    }

    /** A float attribute, or {@code fallback}. */
    public float floatAttr(String key, float fallback) {
        JsonNode a = attrs.get(key);
        return a != null && a.has("f") ? (float) a.get("f").asDouble() : fallback;
    }
}
