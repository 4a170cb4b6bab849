package org.tri2plane.tracking;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.Progress;
import org.tri2plane.tracking.face.FaceMeshLandmarker;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoInfo;
import org.tri2plane.tracking.video.VideoReader;

/**
 * Stage 1 of tracking: decode the video (subsampled to {@code --fps}, at most
 * {@code --max-frames}), track the face, and append each frame's 468 3-D landmarks (or why it was
 * dropped) to {@code track.jsonl} in the partial folder. Resumable: a rerun continues after the
 * last line written, from the landmarks as stored, so it equals a straight run.
 */
final class LandmarkStage {

    private static final ObjectMapper JSON = SubjectDirectory.json();

    private LandmarkStage() {}

    /** Stage 1: landmarks of every selected frame, appended to track.jsonl (resumable). */
    static List<TrackLine> run(FaceModels models, Path video, Path partial, VideoInfo info, TrackingPipeline.Options o)
            throws IOException {
        Path file = partial.resolve("track.jsonl");
        List<TrackLine> lines = Files.exists(file) ? readTrack(file) : new ArrayList<>();
        int done = lines.isEmpty() ? -1 : lines.get(lines.size() - 1).index();
        FaceTracker tracker = new FaceTracker(models.detector(), models.mesh(), o.settings().minMeshScore());
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).points() != null) {
                tracker.resumeFrom(new FaceMeshLandmarker.Mesh(lines.get(i).points(), 1));
                break;
            }
        }
        int keptSoFar = lines.size();
        int estimate = estimateSelected(info, o);
        long lastKeptBucket = lines.isEmpty() ? Long.MIN_VALUE : bucket(lines.get(lines.size() - 1).seconds(), o.fps());
        try (VideoReader reader = VideoReader.open(video);
                BufferedWriter w = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Progress bar = new Progress("landmarks", estimate, "frames");
                NDManager frameManager = models.manager().newSubManager()) {
            bar.resumeFrom(keptSoFar);
            DecodedFrame f;
            while ((f = reader.next()) != null) {
                if (o.maxFrames() != null && keptSoFar >= o.maxFrames()) {
                    break;
                }
                if (f.index() <= done) {
                    continue;
                }
                long b = bucket(f.seconds(), o.fps());
                if (o.fps() != null && b == lastKeptBucket) {
                    continue;
                }
                lastKeptBucket = b;
                FaceTracker.Result r;
                try (NDScope scope = new NDScope()) {
                    r = tracker.track(f.image(), frameManager);
                }
                TrackLine line = new TrackLine(f.index(), f.seconds(), r.found() ? round(r.mesh().points()) : null, r.dropReason());
                if (r.found()) {
                    // continue from the landmarks as stored, so that a resumed run is identical to a straight one
                    tracker.resumeFrom(new FaceMeshLandmarker.Mesh(line.points(), 1));
                }
                w.write(JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(line));
                w.write('\n');
                w.flush();
                lines.add(line);
                keptSoFar++;
                bar.set(keptSoFar);
            }
        }
        return lines;
    }

    private static long bucket(double seconds, Double fps) {
        return fps == null ? Long.MIN_VALUE : (long) Math.floor(seconds * fps + 1e-6);
    }

    private static int estimateSelected(VideoInfo info, TrackingPipeline.Options o) {
        int n = info.frameCountEstimate();
        if (o.fps() != null && info.fps() > 0) {
            n = (int) Math.ceil(n * Math.min(1, o.fps() / info.fps()));
        }
        if (o.maxFrames() != null) {
            n = n > 0 ? Math.min(n, o.maxFrames()) : o.maxFrames();
        }
        return n;
    }

    private static List<TrackLine> readTrack(Path file) throws IOException {
        List<TrackLine> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readValue(l, TrackLine.class));
            } catch (IOException e) {
                break; // a line cut by an interruption: redo from here
            }
        }
        return out;
    }

    private static double[] round(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.round(p[i] * 1000) / 1000.0;
        }
        return out;
    }
}
