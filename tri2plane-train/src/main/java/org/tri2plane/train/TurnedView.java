package org.tri2plane.train;

import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.render.RenderedImage;

/**
 * The view of each training sample's head that the video never shows: its pose turned about the
 * canonical origin by a yaw within ±geometry.turnedViewDegrees and a pitch within ± half of it, both
 * drawn from the sample's seed (so a resumed run draws the same), rendered from the finest tri-plane
 * as a coarse 16 x 16 grid of rays over the window, with gradient, and supervised only by the tracked
 * face (no colour exists for it).
 */
public final class TurnedView {

    /** Rays across the window (RAYS x RAYS). */
    static final int RAYS = 16;
    /** Mixed into a sample's seed for the draw of its turn, a stream of its own. */
    private static final long STREAM = 0x7475726e65645677L;

    private final Tri2PlaneConfig config;

    public TurnedView(Tri2PlaneConfig config) {
        this.config = config;
    }

    /** Whether the config asks for it. */
    public boolean enabled() {
        return config.geometry().turnedViewDegrees() > 0;
    }

    /** The turn {yaw, pitch} in radians of the sample with seed {@code sampleSeed}. */
    public double[] turn(long sampleSeed) {
        SplittableRandom r = new SplittableRandom(sampleSeed ^ STREAM);
        double max = Math.toRadians(config.geometry().turnedViewDegrees());
        return new double[] {max * (2 * r.nextDouble() - 1), 0.5 * max * (2 * r.nextDouble() - 1)};
    }

    /** The turned render of {@code batch}'s frames from the finest tri-plane table of {@code forward}; the batch carries its faces. */
    public RenderedImage render(Tri2PlaneModel model, ParameterStore ps, TrainingForward forward, FrameBatch batch) {
        if (batch.faces() == null || batch.sampleSeeds() == null) {
            throw new IllegalArgumentException("the turned view needs the batch's tracked faces and sample seeds");
        }
        List<Pose> turned = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            double[] t = turn(batch.sampleSeeds()[i]);
            turned.add(batch.poses().get(i).turned(t[0], t[1]));
        }
        int w = config.frame().windowSize();
        PixelWindow grid = PixelWindow.square(0, 0, w, w / RAYS);
        return model.render(ps, forward.finest(), batch.cameras(), turned, List.of(grid), true, true, batch.sampleSeeds(),
                batch.faces()).get(0);
    }
}
