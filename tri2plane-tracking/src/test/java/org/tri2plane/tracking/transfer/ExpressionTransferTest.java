package org.tri2plane.tracking.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.SyntheticFaces;

class ExpressionTransferTest {

    private static final int UPPER_LIP = 13;
    private static final int LOWER_LIP = 14;

    private static double mouthOpening(double[] shape) {
        return Math.abs(shape[3 * LOWER_LIP + 1] - shape[3 * UPPER_LIP + 1]);
    }

    @Test
    void targetKeepsItsNeutralAndReproducesTheDriversMouthOpening() {
        double[] driverNeutral = SyntheticFaces.neutral();
        // a different person: wider, longer face, a fuller lower face, 20 % larger overall
        double[] targetNeutral = driverNeutral.clone();
        for (int i = 0; i < targetNeutral.length / 3; i++) {
            double y = targetNeutral[3 * i + 1];
            targetNeutral[3 * i] *= 1.2 * 1.1;
            targetNeutral[3 * i + 1] *= 1.2 * 1.05;
            targetNeutral[3 * i + 2] = 1.2 * (targetNeutral[3 * i + 2] - 0.05 * Math.max(0, y));
        }
        PcaMorphableModel driver = SyntheticFaces.model(driverNeutral);
        // the target's own expressions: the same movements on its own, larger face
        double[][] modes = SyntheticFaces.modes(driverNeutral);
        for (double[] m : modes) {
            for (int i = 0; i < m.length / 3; i++) {
                m[3 * i] *= 1.2 * 1.1;
                m[3 * i + 1] *= 1.2 * 1.05;
                m[3 * i + 2] *= 1.2;
            }
        }
        PcaMorphableModel target = SyntheticFaces.model(targetNeutral, modes);

        double[] neutralBeta = new double[4];
        double[] openBeta = {2 * driver.coefficientStd(0), 0, 0, 0};
        Pose dn = Pose.translation(0.1, 0, 7);
        Pose turned = new Pose(Rotation.exp(new double[] {0, 0.2, 0}), new double[] {0.3, 0, 7});
        List<double[]> betas = List.of(openBeta, neutralBeta, openBeta);
        List<Pose> poses = List.of(dn, dn, turned);
        int neutral = ExpressionTransfer.leastExpressive(driver, betas);
        assertEquals(1, neutral);

        List<Pose> targetPoses = List.of(Pose.translation(0, 0.1, 9), Pose.translation(0, -0.1, 9));
        List<ExpressionTransfer.Frame> out = ExpressionTransfer.transfer(driver, betas, poses, new int[] {10, 11, 12},
                neutral, target, targetPoses);
        assertEquals(3, out.size());
        assertEquals(11, out.get(1).driverIndex());

        // the neutral driver frame gives the target's own neutral shape
        double[] tNeutral = target.shape(out.get(1).beta());
        double maxDev = 0;
        for (int j = 0; j < tNeutral.length; j++) {
            maxDev = Math.max(maxDev, Math.abs(tNeutral[j] - target.meanShape()[j]));
        }
        assertTrue(maxDev < 1e-9, "neutral shape kept, max deviation " + maxDev);

        // mouth opening: the driver's change, scaled by the size ratio of the two faces
        double driverChange = mouthOpening(driver.shape(openBeta)) - mouthOpening(driver.shape(neutralBeta));
        double targetChange = mouthOpening(target.shape(out.get(0).beta())) - mouthOpening(tNeutral);
        double sizeRatio = 1.2 * 1.05; // vertical scale of the target relative to the driver
        double relErr = Math.abs(targetChange / (driverChange * sizeRatio) - 1);
        assertTrue(driverChange > 0.01, "the driver opens its mouth: " + driverChange);
        assertTrue(relErr < 0.10, "mouth-opening change reproduced within 10 %, error " + relErr);

        // head motion: the driver's 0.2 rad turn relative to its neutral pose, applied to the target's mean
        Pose mean = Pose.mean(targetPoses);
        double[] rel = Rotation.mul(out.get(2).pose().rotation(), Rotation.transpose(mean.rotation()));
        double[] w = Rotation.log(rel);
        assertEquals(0.2, w[1], 1e-9);
        // translation change 0.2 at depth 7 becomes 0.2 · 9 / 7 at the target's depth 9
        assertEquals(0.2 * 9 / 7, out.get(2).pose().translation()[0] - mean.translation()[0], 1e-9);
        assertEquals(9, out.get(1).pose().translation()[2], 1e-9);
    }
}
