package org.tri2plane.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleConfigTest {

    @Test
    void warmupIsLinearThenCosineDecaysToTheFinalFraction() {
        ScheduleConfig s = new ScheduleConfig(10, 0.1);
        assertEquals(0.1, s.factor(1, 110), 1e-12);
        assertEquals(0.5, s.factor(5, 110), 1e-12);
        assertEquals(1.0, s.factor(10, 110), 1e-12);
        // halfway through the decay: 0.1 + 0.9 * 0.5 * (1 + cos(pi/2)) = 0.55
        assertEquals(0.55, s.factor(60, 110), 1e-12);
        // a quarter: 0.1 + 0.9 * 0.5 * (1 + cos(pi/4)) = 0.868198...
        assertEquals(0.1 + 0.45 * (1 + Math.sqrt(0.5)), s.factor(35, 110), 1e-12);
        assertEquals(0.1, s.factor(110, 110), 1e-12);
        assertEquals(0.1, s.factor(500, 110), 1e-12);
    }

    @Test
    void finalFractionOneWithoutWarmupIsConstant() {
        ScheduleConfig s = new ScheduleConfig(0, 1.0);
        for (long step : new long[] {1, 7, 99, 1000}) {
            assertEquals(1.0, s.factor(step, 100), 1e-12);
        }
    }

    @Test
    void invalidValuesNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScheduleConfig(0, 0));
        assertTrue(e.getMessage().contains("training.schedule.finalFraction"), e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> new ScheduleConfig(-1, 0.5));
        assertTrue(w.getMessage().contains("training.schedule.warmupSteps"), w.getMessage());
    }
}
