package org.tri2plane.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.Stats;
import org.tri2plane.render.landmarks.MouthOpening;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * The expressions a subject showed while it was tracked, as the avatar learned them: the mouth
 * opening of its expression mesh (inner-lip midpoints 13/14 over outer eye corners 33/263, on the
 * subject's morphable model at each training frame's β) and the range of every coefficient β_k.
 * A request beyond them asks the avatar for something it never saw; {@link #check} says so. The
 * mouth figures need MediaPipe's 468-vertex topology (a model without it has none: {@code mouth}
 * has no runs).
 */
public record ExpressionRange(Stats mouth, double[] betaMin, double[] betaMax, int frames) {

    /** How far past the subject's widest mouth a request may go before it is called out of range. */
    static final double MOUTH_SLACK = 1.25;
    /** How far past a coefficient's tracked range (in units of that range) a request may go. */
    static final double BETA_SLACK = 0.5;

    /** The topology whose lip and eye vertices are named here; another model's range has no mouth figures. */
    private static final int MEDIAPIPE_VERTICES = 468;

    /** The range of the training frames of {@code subject}. */
    public static ExpressionRange of(SubjectDirectory subject) {
        return of(PcaMorphableModel.of(subject.morphableModel()), subject.params());
    }

    /** The range of the training frames among {@code frames} on the subject's {@code model}. */
    static ExpressionRange of(PcaMorphableModel model, List<FrameParams> frames) {
        return ofBetas(model, frames.stream().filter(FrameParams::train).map(FrameParams::betaArray).toList());
    }

    /** The range of {@code betas} on {@code model}. */
    static ExpressionRange ofBetas(PcaMorphableModel model, List<double[]> betas) {
        int k = model.expressionCount();
        double[] lo = new double[k];
        double[] hi = new double[k];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        boolean mediaPipe = model.vertexCount() == MEDIAPIPE_VERTICES;
        double[] mouth = new double[mediaPipe ? betas.size() : 0];
        for (int i = 0; i < betas.size(); i++) {
            double[] b = betas.get(i);
            if (mediaPipe) {
                mouth[i] = mouthOpening(model.shape(b));
            }
            for (int j = 0; j < k; j++) {
                lo[j] = Math.min(lo[j], b[j]);
                hi[j] = Math.max(hi[j], b[j]);
            }
        }
        return new ExpressionRange(Stats.of(mouth), lo, hi, betas.size());
    }

    /** The mouth opening of an expression mesh (x, y, z per vertex; 468 vertices), seen from the front. */
    static double mouthOpening(double[] shape) {
        return MouthOpening.ofMesh(shape, 3);
    }

    /**
     * Warnings for requested coefficients {@code requested} (one β per output frame) on the
     * subject's {@code model}: frames that open the mouth more than {@value #MOUTH_SLACK} times the
     * widest tracked opening, and frames with a coefficient beyond its tracked range by more than
     * {@value #BETA_SLACK} of that range. Empty when everything is within what the avatar saw.
     */
    List<String> check(PcaMorphableModel model, List<double[]> requested) {
        List<String> out = new ArrayList<>();
        int wide = 0;
        int outside = 0;
        double widest = 0;
        boolean mouths = mouth.runs() > 0 && model.vertexCount() == MEDIAPIPE_VERTICES;
        for (double[] b : requested) {
            double m = mouths ? mouthOpening(model.shape(b)) : 0;
            widest = Math.max(widest, m);
            if (mouths && m > MOUTH_SLACK * mouth.max()) {
                wide++;
            }
            for (int j = 0; j < b.length && j < betaMin.length; j++) {
                double span = betaMax[j] - betaMin[j];
                if (b[j] > betaMax[j] + BETA_SLACK * span || b[j] < betaMin[j] - BETA_SLACK * span) {
                    outside++;
                    break;
                }
            }
        }
        if (wide > 0) {
            out.add(String.format(Locale.ROOT, "the driver opens the mouth wider than the subject ever did: %d of %d frames ask for"
                    + " an opening up to %.3f, the subject's %d training frames reach %.3f (median %.3f); the avatar has not seen"
                    + " such a mouth and will not open it that far", wide, requested.size(), widest, frames, mouth.max(),
                    mouth.median()));
        }
        if (outside > 0) {
            out.add(String.format(Locale.ROOT, "%d of %d frames ask for expression coefficients beyond the subject's tracked range"
                    + " (by more than %.0f%% of it): expect those expressions to be weaker or wrong", outside, requested.size(),
                    100 * BETA_SLACK));
        }
        return out;
    }
}
