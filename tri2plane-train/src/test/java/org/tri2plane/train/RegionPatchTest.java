package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.subject.SubjectDirectory;

/** training.regionPatchProbability: the finest patch lands on the mouth, drawn from (seed, step) alone. */
class RegionPatchTest {

    @Test
    void theFinestPatchHoldsTheMouthWhenDrawnAndPlansAreReproducible() throws IOException {
        Tri2PlaneConfig always = OverfitTest.config().with("training.regionPatchProbability=1");
        Tri2PlaneConfig never = OverfitTest.config();
        Tri2PlaneConfig half = OverfitTest.config().with("training.regionPatchProbability=0.5");
        try (SubjectDataset data = new SubjectDataset(SubjectDirectory.open(ExpressionLearningTest.subject()), always)) {
            BatchBuilder batches = new BatchBuilder(always, data);
            int w = always.frame().windowSize();
            int onMouth = 0;
            for (long step = 1; step <= 40; step++) {
                StepPlan plan = StepPlan.of(7, step, data.trainFrames(), 1, batches.window(), w, true);
                StepPlan focused = batches.regionLayout(plan, 7);
                double[] mouth = data.mouthCentre(plan.frames().get(0).index());
                int[] off = plan.offsets().get(0);
                PixelWindow tile = focused.layout().patch();
                double x = mouth[0] - batches.window().origin(off[0]);
                double y = mouth[1] - batches.window().origin(off[1]);
                assertTrue(x >= tile.x0() && x < tile.x0() + tile.width() && y >= tile.y0() && y < tile.y0() + tile.height(),
                        "step " + step + ": mouth at (" + x + ", " + y + ") outside the tile " + tile);
                PixelWindow quarter = focused.layout().quarter();
                assertTrue(x >= quarter.x0() && x < quarter.x0() + quarter.width()
                        && y >= quarter.y0() && y < quarter.y0() + quarter.height(), "quadrant at step " + step);
                assertEquals(plan.frames(), focused.frames(), "only the layout changes");
                assertSame(plan, new BatchBuilder(never, data).regionLayout(plan, 7), "probability 0: the plan as drawn");
                StepPlan maybe = new BatchBuilder(half, data).regionLayout(plan, 7);
                assertEquals(maybe.layout(), new BatchBuilder(half, data).regionLayout(plan, 7).layout(), "the same draw again");
                onMouth += maybe.layout().equals(focused.layout()) ? 1 : 0;
            }
            assertTrue(onMouth >= 12 && onMouth < 40, "about half of the steps on the mouth at 0.5, was " + onMouth + " of 40");
        }
    }
}
