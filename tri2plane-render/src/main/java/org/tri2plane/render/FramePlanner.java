package org.tri2plane.render;

import java.io.IOException;

/** Chooses the frames of one render mode: which pose, β, condition maps and γ each frame gets, and its ground truth. */
interface FramePlanner {

    FramePlan plan(PlanInputs in) throws IOException;

    /** The planner of {@code mode}. */
    static FramePlanner of(RenderMode mode) {
        if (mode instanceof RenderMode.Cross c) {
            return new CrossPlanner(c);
        }
        if (mode instanceof RenderMode.Orbit o) {
            return new OrbitPlanner(o);
        }
        return new SelfPlanner();
    }
}
