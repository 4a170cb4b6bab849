package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.render.landmarks.MouthOpening;

/** The mouth opening of 68 landmarks and the agreement of two opening sequences (gain, correlation). */
class ExpressionMetricsTest {

    /** 68 points at the origin but for the eye corners 36 / 45 and the inner-lip midpoints 62 / 66. */
    private static double[] face(double eyeDistance, double lipGap) {
        double[] p = new double[136];
        p[2 * 36] = 100;
        p[2 * 45] = 100 + eyeDistance;
        p[2 * 62 + 1] = 200;
        p[2 * 66 + 1] = 200 + lipGap;
        return p;
    }

    @Test
    void openingIsTheInnerLipGapOverTheEyeCornerDistance() {
        assertEquals(0.25, MouthOpening.of(face(80, 20)), 1e-12);
        assertEquals(0.0, MouthOpening.of(face(80, 0)), 1e-12);
        // does not depend on the face's size in the image
        assertEquals(MouthOpening.of(face(40, 10)), MouthOpening.of(face(160, 40)), 1e-12);
        assertTrue(Double.isNaN(MouthOpening.of(null)));
    }

    @Test
    void aSequenceAgainstItselfHasGainAndCorrelationOne() {
        double[] talk = {0.01, 0.12, 0.30, 0.05, 0.22, 0.02};
        SequenceAgreement a = SequenceAgreement.of(talk, talk);
        assertEquals(1.0, a.gain(), 1e-12);
        assertEquals(1.0, a.correlation(), 1e-12);
        assertEquals(6, a.frames());
        assertEquals(0.30, a.predMax(), 1e-12);
    }

    @Test
    void aStillAgainstATalkingVideoHasGainZero() {
        double[] talk = {0.01, 0.12, 0.30, 0.05, 0.22, 0.02};
        double[] still = {0.02, 0.02, 0.02, 0.02, 0.02, 0.02};
        SequenceAgreement a = SequenceAgreement.of(still, talk);
        assertEquals(0.0, a.gain(), 1e-12);
        assertEquals(0.0, a.correlation(), 1e-12);
        // a reference that does not move cannot say how much the prediction should
        assertTrue(Double.isNaN(SequenceAgreement.of(talk, still).gain()));
    }

    @Test
    void handComputedGainAndCorrelation() {
        // pred = 0.5 · ref + 0.1: gain 0.5, correlation 1; reversed: correlation −1
        double[] ref = {0.0, 0.2, 0.4};
        SequenceAgreement a = SequenceAgreement.of(new double[] {0.1, 0.2, 0.3}, ref);
        assertEquals(0.5, a.gain(), 1e-12);
        assertEquals(1.0, a.correlation(), 1e-12);
        assertEquals(-1.0, SequenceAgreement.of(new double[] {0.3, 0.2, 0.1}, ref).correlation(), 1e-12);
        // ref std sqrt(2/3)·0.2, pred {0, 0.2, 0}: std sqrt(2/9)·0.2·... computed by hand: cov = 0, correlation 0
        assertEquals(0.0, SequenceAgreement.of(new double[] {0.0, 0.2, 0.0}, ref).correlation(), 1e-12);
    }

    @Test
    void framesWithoutAFaceAreSkippedPairwise() {
        double[] ref = {0.0, Double.NaN, 0.2, 0.4};
        double[] pred = {0.1, 0.9, 0.2, Double.NaN};
        SequenceAgreement a = SequenceAgreement.of(pred, ref);
        assertEquals(2, a.frames());
        assertEquals(0.5, a.gain(), 1e-12);
    }

    @Test
    void frameScoresGiveTheOpeningOfBothLandmarkSetsAndTheSummaryTheirAgreement() {
        List<FrameScores> scores = new ArrayList<>();
        double[] gaps = {0, 10, 30, 5};
        for (int i = 0; i < gaps.length; i++) {
            scores.add(new FrameScores(i, 30, 0.9, 0.9, 20, Double.NaN, 1.0, 0.9, true, face(100, gaps[i] / 2), face(100, gaps[i]),
                    Double.NaN, MotionAccuracy.Errors.NONE));
        }
        assertEquals(0.15, scores.get(2).mouthPred(), 1e-12);
        assertEquals(0.30, scores.get(2).mouthRef(), 1e-12);
        EvalSummary.Expression e = Evaluator.expression(scores);
        assertEquals(0.5, e.mouth().gain(), 1e-12);
        assertEquals(1.0, e.mouth().correlation(), 1e-12);
        assertEquals(null, e.aedMouthMm());
        String csv = Evaluator.csv(scores);
        assertTrue(csv.startsWith("frame,psnr_db,ssim,ms_ssim,sd_db,lpips,flmd_px,csim,apd_rot_deg,apd_trans_mm,aed_beta,aed_vertex_mm,"
                + "aed_mouth_mm,aed_eyes_mm,mouth_pred,mouth_ref\n"), csv);
        assertTrue(csv.contains("\n2,30.000000,0.900000,0.900000,20.000000,,1.000000,,,,,,,,0.150000,0.300000\n"), csv);
    }

    @Test
    void aReferenceMouthThatBarelyMovesHasNoGain() {
        double[] ref = {0.010, 0.014, 0.006, 0.012, 0.008}; // std 0.0028: a neutral held-out stretch
        double[] pred = {0.010, 0.020, 0.004, 0.015, 0.001};
        SequenceAgreement a = SequenceAgreement.of(pred, ref, MouthOpening.MOTION_FLOOR);
        assertTrue(Double.isNaN(a.gain()) && Double.isNaN(a.correlation()), a.toString());
        assertEquals(0.0028, a.refStd(), 1e-4, "the means and spreads are still reported");
        assertTrue(SequenceAgreement.of(pred, ref).gain() > 2, "without the floor the tracker's scatter reads as a gain");
        double[] talk = {0.0, 0.05, 0.1, 0.05, 0.0};
        assertEquals(1.0, SequenceAgreement.of(talk, talk, MouthOpening.MOTION_FLOOR).gain(), 1e-12);
    }
}
