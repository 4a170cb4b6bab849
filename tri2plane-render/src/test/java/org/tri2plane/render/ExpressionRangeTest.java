package org.tri2plane.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/** The subject's tracked expression range and the warnings for requests beyond it. */
class ExpressionRangeTest {

    /** 468 vertices at the origin but the eye corners (x = ±1) and the lips; β_0 opens the mouth by moving vertex 14 down. */
    private static PcaMorphableModel model() {
        double[] mean = new double[468 * 3];
        mean[3 * 33] = -1;
        mean[3 * 263] = 1;
        mean[3 * 13 + 1] = -1;
        mean[3 * 14 + 1] = -1;
        double[] open = new double[468 * 3];
        open[3 * 14 + 1] = -1;
        double[] other = new double[468 * 3];
        other[3 * 100] = 1;
        return new PcaMorphableModel(mean, new double[][] {open, other}, new double[] {1, 1});
    }

    @Test
    void theMouthOpeningOfTheTrainingFramesByHand() {
        ExpressionRange r = ExpressionRange.ofBetas(model(), List.of(new double[] {0, 0}, new double[] {0.2, 0}, new double[] {0.1, 0}));
        assertEquals(0.1, r.mouth().max(), 1e-12, "lip gap 0.2 over eye distance 2");
        assertEquals(0.05, r.mouth().median(), 1e-12);
        assertEquals(0.2, r.betaMax()[0], 1e-12);
        assertEquals(3, r.frames());
    }

    @Test
    void warnsOnlyBeyondWhatTheSubjectShowed() {
        PcaMorphableModel m = model();
        ExpressionRange r = ExpressionRange.ofBetas(m, List.of(new double[] {0, 0}, new double[] {0.2, 0.1}));
        assertTrue(r.check(m, List.of(new double[] {0.2, 0.05}, new double[] {0.05, 0})).isEmpty(), "within the range");
        List<String> wide = r.check(m, List.of(new double[] {0.1, 0}, new double[] {0.29, 0.05}));
        assertEquals(1, wide.size(), wide.toString());
        assertTrue(wide.get(0).contains("1 of 2 frames") && wide.get(0).contains("0.145"), wide.get(0));
        List<String> both = r.check(m, List.of(new double[] {0.4, 0.0}, new double[] {0.1, -0.2}));
        assertEquals(2, both.size(), both.toString());
        assertTrue(both.get(1).startsWith("2 of 2 frames ask for expression coefficients beyond"), both.get(1));
    }
}
