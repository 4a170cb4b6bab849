package org.tri2plane.render.view;

import java.util.HashMap;
import java.util.Map;

/**
 * One picture the viewer page asks for: a tracked frame (its pose and, unless given, its
 * expression) or the canonical view (the mean pose facing the camera, neutral unless given),
 * turned by yaw and pitch, and optionally the expression coefficients β of the sliders.
 *
 * @param frame the tracked frame index, ignored when {@code canonical}
 * @param canonical the mean pose facing the camera instead of a tracked frame's
 * @param yawDegrees turn about the vertical axis, degrees
 * @param pitchDegrees turn about the horizontal axis, degrees
 * @param beta the expression coefficients, or null for the frame's own (neutral in the canonical view)
 */
public record ViewQuery(int frame, boolean canonical, double yawDegrees, double pitchDegrees, double[] beta) {

    /** The largest turn a query may ask for, degrees. */
    public static final double MAX_TURN_DEGREES = 90;
    /** The longest query string accepted, characters. */
    public static final int MAX_QUERY_CHARS = 4096;

    public ViewQuery {
        if (!(Math.abs(yawDegrees) <= MAX_TURN_DEGREES) || !(Math.abs(pitchDegrees) <= MAX_TURN_DEGREES)) {
            throw new IllegalArgumentException("yaw and pitch must be numbers within ±" + MAX_TURN_DEGREES + " degrees");
        }
    }

    /**
     * Parses a query string ({@code frame=12&yaw=30&pitch=0&canonical=0&beta=0.1,-0.2,...});
     * every key optional (frame −1: the scene's default frame), unknown keys refused.
     */
    public static ViewQuery parse(String query) {
        if (query != null && query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("query longer than " + MAX_QUERY_CHARS + " characters");
        }
        Map<String, String> kv = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : part.substring(eq + 1);
                if (!key.matches("frame|canonical|yaw|pitch|beta")) {
                    throw new IllegalArgumentException("unknown parameter '" + abbreviate(key) + "' (frame, canonical, yaw, pitch, beta)");
                }
                if (kv.put(key, value) != null) {
                    throw new IllegalArgumentException("parameter '" + key + "' given twice");
                }
            }
        }
        int frame = (int) number(kv, "frame", -1);
        boolean canonical = number(kv, "canonical", 0) != 0;
        double[] beta = null;
        String b = kv.get("beta");
        if (b != null && !b.isEmpty()) {
            String[] parts = b.split(",", -1);
            beta = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                beta[i] = parse("beta[" + i + "]", parts[i]);
            }
        }
        return new ViewQuery(frame, canonical, number(kv, "yaw", 0), number(kv, "pitch", 0), beta);
    }

    private static double number(Map<String, String> kv, String key, double fallback) {
        String v = kv.get(key);
        return v == null || v.isEmpty() ? fallback : parse(key, v);
    }

    private static double parse(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a finite number, was '" + abbreviate(v) + "'");
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
