package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.subject.FrameParams;

class StepPlanTest {

    private static final List<FrameParams> FRAMES = IntStream.range(0, 5)
            .mapToObj(i -> FrameParams.of(i, Pose.yaw(0.1 * i, 0, 0, 5), new double[] {0, 0}, 0.1, true))
            .toList();

    @Test
    void withoutTheSlidingWindowEveryWindowIsCentredAndEveryOtherChoiceIsUnchanged() {
        SlidingWindow window = new SlidingWindow(184, 128);
        boolean moved = false;
        for (long step = 1; step <= 20; step++) {
            StepPlan sliding = StepPlan.of(42, step, FRAMES, 4, window, 128, true);
            StepPlan centred = StepPlan.of(42, step, FRAMES, 4, window, 128, false);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(new int[] {0, 0}, centred.offsets().get(i));
                int[] o = sliding.offsets().get(i);
                assertTrue(Math.abs(o[0]) <= 28 && Math.abs(o[1]) <= 28);
                moved |= o[0] != 0 || o[1] != 0;
            }
            assertEquals(sliding.frames(), centred.frames());
            assertEquals(sliding.layout(), centred.layout());
            assertEquals(sliding.noiseSeed(), centred.noiseSeed());
            assertEquals(sliding.engineSeed(), centred.engineSeed());
        }
        assertTrue(moved, "the sliding window moves the window");
    }
}
