package org.tri2plane.render;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What drives the avatar, with what that mode needs: its own frames ({@link Self}), another
 * subject's expressions and head motion ({@link Cross}), or a camera orbit ({@link Orbit}). Each
 * has its own frame planner.
 */
public sealed interface RenderMode permits RenderMode.Self, RenderMode.Cross, RenderMode.Orbit {

    /** Default orbit: ±40° of yaw, no pitch, 48 views, the tracked appearance. */
    double DEFAULT_ORBIT_YAW = 40;
    int DEFAULT_ORBIT_VIEWS = 48;

    /** The mode's name on the command line ({@code self}, {@code cross}, {@code orbit}). */
    String name();

    /** Self-reenactment: the subject's own tracked frames (by default the held-out ones). */
    record Self() implements RenderMode {
        @Override
        public String name() {
            return "self";
        }
    }

    /**
     * Cross-reenactment: the expression changes and head motion of {@code driver} (a tracked
     * subject directory), measured from its frame {@code driverNeutralFrame} (null: its most
     * neutral frame).
     */
    record Cross(Path driver, Integer driverNeutralFrame) implements RenderMode {
        @Override
        public String name() {
            return "cross";
        }
    }

    /**
     * Novel views: the head turned by yaw (and pitch) amplitudes in degrees around its canonical
     * origin over {@code views} views; {@code canonical} shows the mean pose with β = 0.
     */
    record Orbit(double yawDegrees, double pitchDegrees, int views, boolean canonical) implements RenderMode {
        public Orbit {
            if (views < 1) {
                throw new IllegalArgumentException("an orbit needs at least 1 view, was " + views);
            }
        }

        @Override
        public String name() {
            return "orbit";
        }
    }

    /**
     * The mode named {@code name} (self, cross or orbit, any case), taking from the other
     * arguments what it needs; null for another name.
     */
    static RenderMode of(String name, Path driver, Integer driverNeutralFrame, double yaw, double pitch, int views,
            boolean canonical) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "self" -> new Self();
            case "cross" -> new Cross(driver, driverNeutralFrame);
            case "orbit" -> new Orbit(yaw, pitch, views, canonical);
            default -> null;
        };
    }
}
