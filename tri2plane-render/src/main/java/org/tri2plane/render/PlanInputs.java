package org.tri2plane.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.core.util.Sha256;
import org.tri2plane.render.video.VideoWriter;

/**
 * What every frame planner reads: the request, the subject and the model's config, the output
 * side, the γ row of each training frame; and what they share: the frame selection, the ground
 * truth beside a result, and the audio of the frames' span.
 */
final class PlanInputs {

    final RenderRequest request;
    final Avatar avatar;
    final SubjectDirectory subject;
    final Tri2PlaneConfig config;
    final int size;
    final List<FrameParams> params;
    private final Consumer<String> log;

    PlanInputs(RenderRequest request, Avatar avatar, int size, Consumer<String> log) throws IOException {
        this.request = request;
        this.avatar = avatar;
        this.subject = avatar.subject();
        this.config = avatar.config();
        this.size = size;
        this.params = subject.params();
        this.log = log;
    }

    /** Tells the user about something the render will do but that may not be what they expect. */
    void warn(String message) {
        log.accept("warning: " + message);
    }

    /** The side of the condition maps the model reads. */
    int conditionSize() {
        return config.condition().size();
    }

    /** The γ-table row of a training frame; −1 (the mean code) for any other, and for every frame with {@code meanGamma}. */
    int gammaRow(int index) {
        return request.meanGamma() ? View.MEAN_GAMMA : avatar.gammaRow(index);
    }

    /** The requested frame range, else the held-out frames (when {@code heldOutByDefault} and there are any) or all. */
    List<FrameParams> select(boolean heldOutByDefault) {
        RenderRequest r = request;
        if (r.fromFrame() != null) {
            return params.stream().filter(p -> p.index() >= r.fromFrame() && p.index() <= r.toFrame()).toList();
        }
        return heldOutByDefault ? params.stream().filter(p -> !p.train()).toList() : params;
    }

    /**
     * The ground truth beside a result: the request's window of frame {@code index} of {@code s},
     * composited on {@code bg}, at the output size. For a x k SR model it is cut at k x frameSize
     * from the stored frames that have that many pixels ({@code track --output-scale k}), as
     * training cuts it, so a 1024 result is scored against real 1024 pixels.
     */
    RgbImage truth(SubjectDirectory s, int index, float[] bg) {
        try {
            int f = config.frame().frameSize();
            int w = config.frame().windowSize();
            SlidingWindow window = new SlidingWindow(f, w);
            int k = config.superResolution().outputResolution() / w;
            // the frames training read: frames/ at scale 1, the stored scale with k·F pixels for a x k SR output
            int stored = k == 1 ? 1 : Math.max(1, s.meta().scaleWithSide(k * f));
            float[] rgb = SubjectImages.composited(s, index, stored, k * f, bg)[0];
            RgbImage img = SubjectImages.toImage(SubjectImages.window(rgb, k * f, k * w, k * window.origin(request.windowDx()),
                    k * window.origin(request.windowDy())), k * w, k * w);
            return img.width() == size ? img : ImageOps.resize(img, size, size);
        } catch (IOException e) {
            throw new RenderException("cannot read frame " + index + " of " + s.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Audio of the frames' span of the source video of {@code s}, when it has audio and is still
     * there. The source path in subject.json is the one path read from a subject directory that
     * may point outside it (the video the user tracked): it is used only when it is a regular
     * file with the SHA-256 recorded at tracking, so a moved, edited or substituted file is
     * never muxed in.
     */
    VideoWriter.Audio audio(SubjectDirectory s, List<FramePlan.Frame> frames) throws IOException {
        var src = s.meta().source();
        if (!src.audio() || frames.isEmpty() || !(src.fps() > 0)) {
            return null;
        }
        Path video = sourceVideo(s);
        if (video == null) {
            return null;
        }
        double from = frames.get(0).index() / src.fps();
        double to = (frames.get(frames.size() - 1).index() + 1) / src.fps();
        return new VideoWriter.Audio(video, from, to);
    }

    /** The tracked video of {@code s} when it is still there unchanged; null (saying why) otherwise. */
    private Path sourceVideo(SubjectDirectory s) throws IOException {
        var src = s.meta().source();
        Path video;
        try {
            video = Path.of(src.path());
        } catch (java.nio.file.InvalidPathException e) {
            log.accept("no audio: the source path in " + s.root().resolve(SubjectDirectory.META) + " is not a path");
            return null;
        }
        if (!Files.isRegularFile(video)) {
            log.accept("no audio: the source video " + video + " named in " + s.root().resolve(SubjectDirectory.META)
                    + " is not a file here (moved or deleted?)");
            return null;
        }
        if (!Sha256.of(video).equals(src.sha256())) {
            log.accept("no audio: " + video + " is not the video " + s.root() + " was tracked from (its SHA-256 differs from the"
                    + " one in " + SubjectDirectory.META + ")");
            return null;
        }
        return video;
    }
}
