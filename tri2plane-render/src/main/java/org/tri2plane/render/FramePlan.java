package org.tri2plane.render;

import java.util.List;
import java.util.function.Supplier;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.render.video.VideoWriter;

/** The frames a render draws, with their frame rate, the audio to mux (null: none) and the source's own rate. */
record FramePlan(List<Frame> frames, double fps, VideoWriter.Audio audio, double sourceFps) {

    /** One output frame: how to drive the model (γ row −1: the mean code), plus the ground truth to show beside it (null: none). */
    record Frame(int index, Pose pose, double[] beta, float[] condition, int gammaRow, Supplier<RgbImage> truth) {}
}
