package org.tri2plane.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RotationTest {

    @Test
    void rodriguesOfAQuarterTurnAboutYIsTheClosedFormYaw() {
        double h = Math.PI / 2;
        // Ry(90°) maps +x to -z: rows (0 0 1; 0 1 0; -1 0 0)
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, -1, 0, 0}, Rotation.exp(new double[] {0, h, 0}), 1e-12);
        assertArrayEquals(Rotation.aboutY(h), Rotation.exp(new double[] {0, h, 0}), 1e-12);
        // Rx(90°) maps +y to +z
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, -1, 0, 1, 0}, Rotation.aboutX(h), 1e-12);
        assertArrayEquals(Rotation.identity(), Rotation.exp(new double[] {0, 0, 0}), 0);
    }

    @Test
    void logInvertsExpAlsoNearAHalfTurn() {
        for (double[] w : new double[][] {{0.1, -0.2, 0.3}, {1e-10, 0, 0}, {0, Math.PI - 1e-8, 0}, {2.0, 1.0, -0.5}}) {
            assertArrayEquals(w, Rotation.log(Rotation.exp(w)), 1e-6);
        }
    }

    @Test
    void theNearestRotationToAScaledRotationIsThatRotation() {
        double[] r = Rotation.exp(new double[] {0.3, -0.4, 0.2});
        double[] scaled = r.clone();
        for (int i = 0; i < 9; i++) {
            scaled[i] *= 2.5;
        }
        assertArrayEquals(r, Rotation.orthonormalise(scaled), 1e-12);
        assertEquals(1, Rotation.determinant(r), 1e-12);
        assertEquals(-1, Rotation.determinant(new double[] {-1, 0, 0, 0, 1, 0, 0, 0, 1}), 0);
        assertArrayEquals(Rotation.identity(), Rotation.mul(r, Rotation.transpose(r)), 1e-12);
    }

    @Test
    void theOrbitTurnIsARotationAboutTheCanonicalOrigin() {
        Pose p = Pose.translation(0, 0, 5);
        Pose turned = p.turned(Math.toRadians(90), 0);
        // the canonical +x axis now points along camera -z (towards the camera)
        assertEquals(0, turned.rotation()[0], 1e-9);
        assertEquals(-1, turned.rotation()[6], 1e-9);
        assertArrayEquals(p.translation(), turned.translation(), 0);
        assertSame(p, p.turned(0, 0));
        // pitch after yaw: Rx(p) · Ry(y) · R
        Pose both = Pose.yaw(0.2, 1, 2, 3).turned(0.3, -0.1);
        assertArrayEquals(Rotation.mul(Rotation.aboutX(-0.1), Rotation.aboutY(0.5)), both.rotation(), 1e-12);
    }

    @Test
    void theMeanPoseOfOppositeYawsFacesTheCamera() {
        Pose mean = Pose.mean(List.of(Pose.yaw(0.4, 0, 0, 4), Pose.yaw(-0.4, 2, 0, 6)));
        assertArrayEquals(Rotation.identity(), mean.rotation(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 5}, mean.translation(), 1e-12);
        assertArrayEquals(Rotation.identity(), Pose.yaw(0.7, 1, 2, 3).facingCamera().rotation(), 0);
        assertThrows(IllegalArgumentException.class, () -> Pose.mean(List.of()));
    }
}
