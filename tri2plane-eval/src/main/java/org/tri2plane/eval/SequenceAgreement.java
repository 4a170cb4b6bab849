package org.tri2plane.eval;

/**
 * How well one signal over a sequence (the avatar's mouth opening) follows another (the reference's
 * or the driver's): its gain, the ratio of standard deviations (1: moves as much; 0: does not
 * move), and their Pearson correlation (1: in step), over the frames where both are known, with
 * each side's mean, standard deviation and maximum. Gain and correlation are NaN with fewer than
 * two such frames or a reference that does not move (or moves less than a given floor).
 */
public record SequenceAgreement(int frames, double predMean, double predStd, double predMax, double refMean, double refStd,
        double refMax, double gain, double correlation) {

    /** The agreement of {@code pred} with {@code ref} (same length; NaN entries are skipped pairwise). */
    public static SequenceAgreement of(double[] pred, double[] ref) {
        return of(pred, ref, 0);
    }

    /** As {@link #of(double[], double[])}, gain and correlation NaN where the reference's std is below {@code minRefStd}. */
    public static SequenceAgreement of(double[] pred, double[] ref, double minRefStd) {
        if (pred.length != ref.length) {
            throw new IllegalArgumentException("the two sequences differ in length: " + pred.length + " and " + ref.length);
        }
        int n = 0;
        double sp = 0;
        double sr = 0;
        double maxP = Double.NaN;
        double maxR = Double.NaN;
        for (int i = 0; i < pred.length; i++) {
            if (!Double.isNaN(pred[i]) && !Double.isNaN(ref[i])) {
                n++;
                sp += pred[i];
                sr += ref[i];
                maxP = Double.isNaN(maxP) ? pred[i] : Math.max(maxP, pred[i]);
                maxR = Double.isNaN(maxR) ? ref[i] : Math.max(maxR, ref[i]);
            }
        }
        if (n == 0) {
            return new SequenceAgreement(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        double mp = sp / n;
        double mr = sr / n;
        double vp = 0;
        double vr = 0;
        double cov = 0;
        for (int i = 0; i < pred.length; i++) {
            if (!Double.isNaN(pred[i]) && !Double.isNaN(ref[i])) {
                vp += (pred[i] - mp) * (pred[i] - mp);
                vr += (ref[i] - mr) * (ref[i] - mr);
                cov += (pred[i] - mp) * (ref[i] - mr);
            }
        }
        double stdP = Math.sqrt(vp / n);
        double stdR = Math.sqrt(vr / n);
        boolean moving = n >= 2 && stdR > 0 && stdR >= minRefStd;
        double gain = moving ? stdP / stdR : Double.NaN;
        double corr = moving ? (stdP > 0 ? cov / Math.sqrt(vp * vr) : 0) : Double.NaN;
        return new SequenceAgreement(n, mp, stdP, maxP, mr, stdR, maxR, gain, corr);
    }
}
