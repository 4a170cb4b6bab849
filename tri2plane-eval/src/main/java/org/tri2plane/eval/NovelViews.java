package org.tri2plane.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Stats;
import org.tri2plane.render.landmarks.ExpectedParams;

/**
 * Novel views measured where there is no ground truth: the frames of a render (an orbit) binned
 * by how far the head is turned from the render's first frame (|yaw| for an orbit without pitch,
 * in degrees), and per bin the share of frames in which our tracker finds a face, the median
 * head-rotation error against the pose the frame was rendered at (APD) and the mean identity
 * similarity to the subject's training frames (CSIM). A head that smears or does not turn shows
 * as missing faces, an APD that grows with the turn and a CSIM that falls to a stranger's.
 * {@code eval} writes it as {@value #FILE} (and {@value #MARKDOWN}) whenever it is given the
 * render's parameters ({@code --gt-params}).
 */
public final class NovelViews {

    public static final String FILE = "novel_views.json";
    public static final String MARKDOWN = "novel_views.md";

    /** The bin edges in degrees: [0, 10], (10, 20], (20, 30], (30, 40] and beyond (an orbit's ±40° views fall in 30-40). */
    static final double[] EDGES = {0, 10, 20, 30, 40, 180};

    /** Turns within this of an edge count as on it (a turn computed as 40.0000001° is an orbit's 40°). */
    private static final double TOLERANCE = 1e-6;

    /** One |yaw| bin (fromDeg, toDeg]: its frames, those with a face, the median APD (°) and mean CSIM over them (null: none). */
    public record Bin(double fromDeg, double toDeg, int frames, int faces, Double medianApdDeg, Double meanCsim) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NovelViews() {}

    /** How far each frame's head is turned from the first frame's, in degrees (the angle of R_k · R_0ᵀ). */
    static double[] turns(ExpectedParams expected) {
        List<ExpectedParams.Frame> frames = expected.frames();
        double[] out = new double[frames.size()];
        double[] r0t = Rotation.transpose(frames.get(0).rotation());
        for (int k = 0; k < out.length; k++) {
            double[] w = Rotation.log(Rotation.mul(frames.get(k).rotation(), r0t));
            out[k] = Math.toDegrees(Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]));
        }
        return out;
    }

    /** The bins of frames turned by {@code turnDeg}, with their APD (°) and CSIM (NaN where no face was found); empty bins left out. */
    static List<Bin> bins(double[] turnDeg, double[] apdDeg, double[] csim) {
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b + 1 < EDGES.length; b++) {
            int frames = 0;
            List<Double> apd = new ArrayList<>();
            double csimSum = 0;
            int csimCount = 0;
            for (int k = 0; k < turnDeg.length; k++) {
                double t = turnDeg[k];
                boolean above = b == 0 ? t >= EDGES[0] : t > EDGES[b] + TOLERANCE;
                if (!above || t > EDGES[b + 1] + TOLERANCE) {
                    continue;
                }
                frames++;
                if (!Double.isNaN(apdDeg[k])) {
                    apd.add(apdDeg[k]);
                }
                if (!Double.isNaN(csim[k])) {
                    csimSum += csim[k];
                    csimCount++;
                }
            }
            if (frames > 0) {
                out.add(new Bin(EDGES[b], EDGES[b + 1], frames, apd.size(), apd.isEmpty() ? null : Stats.of(apd).median(),
                        csimCount == 0 ? null : csimSum / csimCount));
            }
        }
        return out;
    }

    /** Writes {@value #FILE} and {@value #MARKDOWN} of the scored frames into {@code out}; returns the bins. */
    static List<Bin> write(Path out, ExpectedParams expected, List<FrameScores> scores) throws IOException {
        double[] turns = turns(expected);
        List<Bin> bins = bins(turns, scores.stream().mapToDouble(s -> s.motion().rotationDeg()).toArray(),
                scores.stream().mapToDouble(FrameScores::csim).toArray());
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(FILE), JSON.writeValueAsString(bins) + "\n");
        AtomicFiles.writeString(out.resolve(MARKDOWN), markdown(bins));
        return bins;
    }

    /** The table: | turn | face found | median APD | mean CSIM |. */
    public static String markdown(List<Bin> bins) {
        StringBuilder md = new StringBuilder("| turn from the first frame | face found | median APD (°) ↓ | mean CSIM ↑ |\n|---|---|---|---|\n");
        for (Bin b : bins) {
            md.append(String.format(Locale.ROOT, "| %s | %d of %d | %s | %s |%n",
                    b.toDeg() > 90 ? String.format(Locale.ROOT, "> %.0f°", b.fromDeg())
                            : String.format(Locale.ROOT, "%.0f-%.0f°", b.fromDeg(), b.toDeg()),
                    b.faces(), b.frames(), b.medianApdDeg() == null ? "–" : String.format(Locale.ROOT, "%.1f", b.medianApdDeg()),
                    b.meanCsim() == null ? "–" : String.format(Locale.ROOT, "%.2f", b.meanCsim())));
        }
        return md.toString();
    }

    /** Reads the bins an evaluation wrote; empty when it wrote none. */
    public static List<Bin> read(Path evalDir) throws IOException {
        Path f = evalDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return List.of(JSON.readValue(f.toFile(), Bin[].class));
    }
}
