package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void statsAreMedianMinMax() {
        Stats s = Stats.of(List.of(3.0, 1.0, 2.0, 10.0));
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.0, s.min());
        assertEquals(10.0, s.max());
        assertEquals(4, s.runs());
        assertEquals(0, Stats.of(List.of()).runs());
        assertTrue(Double.isNaN(Stats.of(new double[0]).median()));
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddles() {
        double[] odd = {5, 1, 3};
        assertEquals(3, Stats.median(odd));
        assertArrayEquals(new double[] {5, 1, 3}, odd, "the input is not sorted in place");
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Stats.median(new double[0])));
    }

    @Test
    void percentilesAreByNearestRank() {
        double[] v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        // index round(0.9 * 9) = round(8.1) = 8 -> 90; round(0.5 * 9) = round(4.5) = 5 -> 60
        assertEquals(90, Stats.percentile(v, 0.9));
        assertEquals(60, Stats.percentile(v, 0.5));
        assertEquals(10, Stats.percentile(v, 0));
        assertEquals(100, Stats.percentile(v, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(v, 1.5));
    }
}
