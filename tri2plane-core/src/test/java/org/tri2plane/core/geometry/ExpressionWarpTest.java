package org.tri2plane.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.Vec3;

class ExpressionWarpTest {

    /** A box of extent 6.3 x 6.3 x 2 around the origin: the 64-point grid steps 0.1 along x and y. */
    private static final Box BOX = new Box(new Vec3(-3.15, -3.15, -1), new Vec3(3.15, 3.15, 1));
    private static final int R = ExpressionWarp.RESOLUTION;

    /** The field value of axis {@code c} at grid column {@code col}, row {@code row}, in canonical units. */
    private static double at(float[] field, int c, int row, int col) {
        return field[c * R * R + row * R + col] * BOX.extent(c) / 2;
    }

    @Test
    void aFaceAtItsMeanDoesNotMove() {
        double[] mean = {0, 0, 0, 0.3, 0.2, 0.1};
        double[][] basis = {{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}};
        float[] field = new ExpressionWarp(mean, basis, BOX, 0.1).field(new double[] {0});
        for (float v : field) {
            assertEquals(0, v);
        }
    }

    @Test
    void oneVertexMovesTheGridPointItLandsOnByItsDisplacementAndFadesAway() {
        // the vertex moves from (0.05, -0.45, 0) by (0.2, 0.4, -0.1) × β = 0.5 → (0.15, -0.25, -0.05): column 33, row 29
        double[] mean = {0.05, -0.45, 0};
        double[][] basis = {{0.2, 0.4, -0.1}};
        double rho = 0.1;
        float[] field = new ExpressionWarp(mean, basis, BOX, rho).field(new double[] {0.5});
        assertEquals(0.1, at(field, 0, 29, 33), 1e-6);
        assertEquals(0.2, at(field, 1, 29, 33), 1e-6);
        assertEquals(-0.05, at(field, 2, 29, 33), 1e-6);
        // one step (0.1 = ρ) to the right: weight exp(-1/2), below 1, so the field is that share of the motion
        assertEquals(0.2 * Math.exp(-0.5), at(field, 1, 29, 34), 1e-6);
        // two steps down and one left: r² = 0.05, weight exp(-2.5)
        assertEquals(-0.05 * Math.exp(-2.5), at(field, 2, 31, 32), 1e-6);
        // far away (1 unit): nothing
        assertEquals(0, at(field, 1, 29, 43), 1e-12);
    }

    @Test
    void whereVerticesCrowdTheFieldIsTheirWeightedMeanMotion() {
        // two vertices, one moving down by 0.2, one still: where both weigh in, the weights sum past 1 and the field is the
        // weighted mean of their motions
        double[] mean = {0.05, 0.05, 0, 0.15, 0.05, 0};
        double[][] basis = {{0, -0.2, 0, 0, 0, 0}};
        float[] field = new ExpressionWarp(mean, basis, BOX, 0.1).field(new double[] {1});
        // the moved vertex sits at (0.05, -0.15): row 30, column 32; the still one at (0.15, 0.05): row 32, column 33
        double wSelf = 1;
        double wOther = Math.exp(-(0.1 * 0.1 + 0.2 * 0.2) / (2 * 0.01));
        assertEquals(-0.2 * wSelf / (wSelf + wOther), at(field, 1, 30, 32), 1e-6);
        double wMoved = Math.exp(-(0.1 * 0.1 + 0.2 * 0.2) / (2 * 0.01));
        assertEquals(-0.2 * wMoved / Math.max(1, wMoved + 1), at(field, 1, 32, 33), 1e-6);
    }

    @Test
    void aRadiusOfZeroOrABasisOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExpressionWarp(new double[3], new double[0][], BOX, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExpressionWarp(new double[3], new double[][] {{1, 2}}, BOX, 0.1));
    }

    @Test
    void aStillHeadHasAZeroFieldAndNoneWithoutAWarp() {
        var config = org.tri2plane.core.TestSupport.config("tiny");
        assertEquals(null, ExpressionWarp.stillHead(config.with("rendering.expressionWarp=0").rendering()));
        var warped = config.with("rendering.expressionWarp=0.1");
        float[] field = ExpressionWarp.stillHead(warped.rendering()).field(new double[] {1, 2, 3});
        for (float v : field) {
            assertEquals(0, v);
        }
    }
}
