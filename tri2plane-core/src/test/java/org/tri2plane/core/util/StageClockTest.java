package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage time is charged to the stage named at the end of each interval and accumulates per step. */
class StageClockTest {

    @Test
    void marksChargeTheIntervalBeforeThemAndAccumulate() throws Exception {
        StageClock clock = StageClock.recording();
        clock.start();
        Thread.sleep(30);
        clock.mark("a");
        Thread.sleep(10);
        clock.mark("b");
        Thread.sleep(30);
        clock.mark("a");
        Map<String, Double> s = clock.seconds();
        assertEquals(List.of("a", "b"), List.copyOf(s.keySet()));
        assertTrue(s.get("a") >= 0.055, "a = " + s.get("a"));
        assertTrue(s.get("b") >= 0.009 && s.get("b") < s.get("a"), "b = " + s.get("b"));
        clock.start();
        assertTrue(clock.seconds().isEmpty(), "start clears the previous step");
    }

    @Test
    void offRecordsNothing() {
        StageClock.OFF.start();
        StageClock.OFF.mark("a");
        assertFalse(StageClock.OFF.enabled());
        assertTrue(StageClock.OFF.seconds().isEmpty());
    }
}
