package org.tri2plane.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.subject.FrameParams;

/** The tracked turn of a subject's head, read back from poses turned by known angles. */
class PoseRangeTest {

    static Pose base() {
        return new Pose(Rotation.mul(Rotation.aboutY(0.1), Rotation.aboutX(-0.05)), new double[] {0, 0.2, 12});
    }

    @Test
    void yawAndPitchOfATurnedPoseAreTheTurn() {
        Pose turned = base().turned(Math.toRadians(25), Math.toRadians(-12));
        double[] yp = PoseRange.yawPitch(base(), turned);
        assertEquals(25, yp[0], 1e-9);
        assertEquals(-12, yp[1], 1e-9);
    }

    @Test
    void theRangeOfTheTrainingFramesAndViewsBeyondIt() {
        // training frames turned -8°, 0° and +12° in yaw; a held-out one at 30° does not count
        List<FrameParams> params = List.of(
                FrameParams.of(0, base().turned(Math.toRadians(-8), 0), new double[2], 0, true),
                FrameParams.of(1, base(), new double[2], 0, true),
                FrameParams.of(2, base().turned(Math.toRadians(12), Math.toRadians(4)), new double[2], 0, true),
                FrameParams.of(3, base().turned(Math.toRadians(30), 0), new double[2], 0, false));
        PoseRange r = PoseRange.of(params);
        assertEquals(20, r.yawMax() - r.yawMin(), 0.5);
        assertTrue(r.pitchMax() - r.pitchMin() > 3 && r.pitchMax() - r.pitchMin() < 5, r.toString());
        assertFalse(r.beyond(base().turned(Math.toRadians(15), 0)), "within 10° of the range");
        assertTrue(r.beyond(base().turned(Math.toRadians(40), 0)), "an orbit's 40°");
        assertTrue(r.beyond(base().turned(Math.toRadians(-40), 0)));
        assertTrue(r.beyond(base().turned(0, Math.toRadians(25))), "pitch too");
    }
}
