package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.render.landmarks.ExpectedParams;

/** The novel-view table: turns from the first frame, bins by hand, and the file round trip. */
class NovelViewsTest {

    @Test
    void framesAreBinnedByTheirTurnWithFacesAPDAndCsimPerBin() {
        double nan = Double.NaN;
        double[] turn = {0, 5, 10, 15, 25, 35, 38, 50};
        double[] apd = {1, 3, 2, nan, 10, 20, 30, 40};
        double[] csim = {0.9, 0.8, 0.7, nan, 0.5, 0.4, 0.2, 0.1};
        List<NovelViews.Bin> bins = NovelViews.bins(turn, apd, csim);
        assertEquals(5, bins.size(), "no empty bin: " + bins);
        assertEquals(3, bins.get(0).frames(), "0°, 5° and 10°: the 10° edge belongs to 0-10");
        assertEquals(3, bins.get(0).faces());
        assertEquals(2.0, bins.get(0).medianApdDeg(), 1e-12);
        assertEquals(0.8, bins.get(0).meanCsim(), 1e-12);
        NovelViews.Bin second = bins.get(1);
        assertEquals(1, second.frames(), "15°");
        assertEquals(0, second.faces(), "15° found no face");
        assertNull(second.medianApdDeg());
        assertNull(second.meanCsim());
        assertEquals(25.0, bins.get(3).medianApdDeg(), 1e-12, "median of 20 and 30");
        assertEquals(0.3, bins.get(3).meanCsim(), 1e-12);
        assertEquals(40, bins.get(4).fromDeg());
        String md = NovelViews.markdown(bins);
        assertTrue(md.contains("| 0-10° | 3 of 3 | 2.0 | 0.80 |"), md);
        assertTrue(md.contains("| > 40° | 1 of 1 | 40.0 | 0.10 |"), md);
        // an orbit's 40° view, computed a hair above 40°, is in 30-40
        assertEquals(30, NovelViews.bins(new double[] {40.0000001}, new double[] {1}, new double[] {1}).get(0).fromDeg());

    }

    @Test
    void turnsAreMeasuredFromTheFirstFrame() {
        Pose base = new Pose(org.tri2plane.core.geometry.Rotation.aboutX(0.2), new double[] {0, 0, 5});
        List<ExpectedParams.Frame> frames = new java.util.ArrayList<>();
        double[] yaws = {0, 20, -35};
        for (int k = 0; k < yaws.length; k++) {
            Pose p = base.turned(Math.toRadians(yaws[k]), 0);
            frames.add(new ExpectedParams.Frame(k, 0, p.rotation(), p.translation(), new double[] {0}));
        }
        double[] t = NovelViews.turns(new ExpectedParams("s", null, frames));
        assertEquals(0, t[0], 1e-9);
        assertEquals(20, t[1], 1e-6);
        assertEquals(35, t[2], 1e-6);
    }

    @Test
    void theTableRoundTripsThroughItsFile(@TempDir Path tmp) throws Exception {
        List<NovelViews.Bin> bins = NovelViews.bins(new double[] {0, 30}, new double[] {1, 2}, new double[] {0.9, 0.5});
        java.nio.file.Files.writeString(tmp.resolve(NovelViews.FILE), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(bins));
        assertEquals(bins, NovelViews.read(tmp));
        assertTrue(NovelViews.read(tmp.resolve("none")).isEmpty());
    }
}
