package org.tri2plane.core.subject;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.image.PngCheck;
import org.tri2plane.core.util.ContainedPath;

/**
 * The subject directory (docs/data-format.md), written by tracking and read by training, rendering and
 * evaluation:
 *
 * <pre>
 * subject.json               {@link SubjectMeta}
 * params.jsonl               one {@link FrameParams} per kept frame
 * landmarks.jsonl            {"index": i, "points": [x0, y0, x1, y1, …]} 468 landmarks, frame pixels
 * morphable_model.json       {@link MorphableModelFile}
 * mean_texture.png           the UV texture of the face
 * frames/NNNNNN.png          RGB frames (frameSize²), NNNNNN = source frame index
 * masks/NNNNNN.png           8-bit foreground (head, hair, torso)
 * frames_xN/, masks_xN/      only with outputScale N &gt; 1: the same crops at (frameSize · N)²
 * cond/tex/NNNNNN.png        front-view mean-texture render (conditionSize²)
 * cond/normal/NNNNNN.png     front-view normal map, (n + 1) / 2
 * report.json, report.md, contact_sheet.png
 * </pre>
 */
public final class SubjectDirectory {

    public static final String META = "subject.json";
    public static final String PARAMS = "params.jsonl";
    public static final String LANDMARKS = "landmarks.jsonl";
    public static final String MODEL = "morphable_model.json";
    public static final String TEXTURE = "mean_texture.png";
    public static final String REPORT = "report.json";
    public static final String REPORT_MD = "report.md";
    public static final String CONTACT_SHEET = "contact_sheet.png";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path root;
    private final SubjectMeta meta;

    private SubjectDirectory(Path root, SubjectMeta meta) {
        this.root = root;
        this.meta = meta;
    }

    /** Opens a tracked subject; fails with what is missing and how to make it. */
    public static SubjectDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new SubjectFormatException("subject directory not found: " + root
                    + " (make one with: tri2plane track --video VIDEO --out " + root + ")");
        }
        Path metaFile = root.resolve(META);
        if (!Files.isRegularFile(metaFile)) {
            throw new SubjectFormatException(root + " is not a tracked subject: " + META + " is missing"
                    + " (an interrupted 'tri2plane track' leaves no subject.json; run it again with --resume)");
        }
        SubjectMeta meta;
        try {
            meta = JSON.readValue(metaFile.toFile(), SubjectMeta.class);
        } catch (IOException e) {
            throw new SubjectFormatException("cannot read " + metaFile + ": " + e.getMessage(), e);
        }
        if (!SubjectMeta.FORMAT.equals(meta.format())) {
            throw new SubjectFormatException(metaFile + " has format '" + meta.format() + "', expected '" + SubjectMeta.FORMAT + "'");
        }
        if (meta.formatVersion() != SubjectMeta.VERSION) {
            throw new SubjectFormatException(metaFile + " has format version " + meta.formatVersion()
                    + "; this build reads version " + SubjectMeta.VERSION + " (track the video again)");
        }
        return new SubjectDirectory(root, meta);
    }

    public Path root() {
        return root;
    }

    public SubjectMeta meta() {
        return meta;
    }

    /** File name of a frame's PNGs. */
    public static String fileName(int index) {
        return String.format("%06d.png", index);
    }

    /** Folder of the frames at {@code scale}: {@code frames} for 1, {@code frames_xN} for N &gt; 1. */
    public static String framesFolder(int scale) {
        return scale == 1 ? "frames" : "frames_x" + scale;
    }

    /** Folder of the masks at {@code scale}: {@code masks} for 1, {@code masks_xN} for N &gt; 1. */
    public static String masksFolder(int scale) {
        return scale == 1 ? "masks" : "masks_x" + scale;
    }

    public Path frame(int index) {
        return frame(index, 1);
    }

    public Path mask(int index) {
        return mask(index, 1);
    }

    /** The frame at {@code scale} (1 or the subject's outputScale). */
    public Path frame(int index, int scale) {
        meta.frameSize(scale);
        return root.resolve(framesFolder(scale)).resolve(fileName(index));
    }

    /** The mask at {@code scale} (1 or the subject's outputScale). */
    public Path mask(int index, int scale) {
        meta.frameSize(scale);
        return root.resolve(masksFolder(scale)).resolve(fileName(index));
    }

    public Path conditionTexture(int index) {
        return root.resolve("cond").resolve("tex").resolve(fileName(index));
    }

    public Path conditionNormal(int index) {
        return root.resolve("cond").resolve("normal").resolve(fileName(index));
    }

    /** All kept frames in order (train first, then held out). */
    public List<FrameParams> params() {
        List<FrameParams> out = readLines(root.resolve(PARAMS), FrameParams.class);
        if (out.size() != meta.frameCount()) {
            throw new SubjectFormatException(root.resolve(PARAMS) + " has " + out.size() + " frames but "
                    + META + " says " + meta.frameCount());
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int line = 0; line < out.size(); line++) {
            String problem = problem(out.get(line));
            if (problem == null && !seen.add(out.get(line).index())) {
                problem = "frame index " + out.get(line).index() + " appears twice";
            }
            if (problem != null) {
                throw new SubjectFormatException(root.resolve(PARAMS) + " line " + (line + 1) + " (frame " + out.get(line).index()
                        + "): " + problem + "; the file is damaged: track the video again");
            }
        }
        return out;
    }

    /** What is wrong with a line of params.jsonl (sizes, non-finite values), or null. */
    private String problem(FrameParams p) {
        if (p.index() < 0) {
            return "the frame index is negative (" + p.index() + "): frame files are named by source frame indices from 0";
        }
        if (p.r() == null || p.r().size() != 9 || p.t() == null || p.t().size() != 3) {
            return "a pose needs r (9 values, row-major) and t (3 values)";
        }
        if (p.beta() == null || p.beta().size() != meta.expressionDim()) {
            return "beta has " + (p.beta() == null ? 0 : p.beta().size()) + " values, " + META + " says " + meta.expressionDim();
        }
        String[] names = {"r", "t", "beta"};
        List<List<Double>> values = List.of(p.r(), p.t(), p.beta());
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < values.get(k).size(); i++) {
                Double v = values.get(k).get(i);
                if (v == null || !Double.isFinite(v)) {
                    return names[k] + "[" + i + "] is " + v + ", not a finite number";
                }
            }
        }
        return null;
    }

    /** Landmarks (x, y per landmark, frame pixels) by source frame index. */
    public Map<Integer, double[]> landmarks() {
        Map<Integer, double[]> out = new LinkedHashMap<>();
        for (LandmarkLine l : readLines(root.resolve(LANDMARKS), LandmarkLine.class)) {
            out.put(l.index(), l.points());
        }
        return out;
    }

    /** One line of landmarks.jsonl. */
    public record LandmarkLine(int index, double[] points) {}

    /** The subject's morphable model. */
    public MorphableModelFile morphableModel() {
        Path f = root.resolve(MODEL);
        try {
            return JSON.readValue(f.toFile(), MorphableModelFile.class);
        } catch (NoSuchFileException e) {
            throw new SubjectFormatException(f + " is missing");
        } catch (IOException e) {
            throw new SubjectFormatException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that every kept frame has its frame, mask and condition files (and its hi-res frame and
     * mask when outputScale &gt; 1); returns the first problems.
     */
    public List<String> missingFiles() {
        List<String> missing = new ArrayList<>();
        for (FrameParams p : params()) {
            for (Path f : imagesOf(p)) {
                if (!Files.isRegularFile(f)) {
                    missing.add(root.relativize(f).toString());
                    if (missing.size() >= 10) {
                        return missing;
                    }
                }
            }
        }
        return missing;
    }

    /**
     * Checks the structure of every kept frame's PNG files (frame, mask, condition maps, hi-res
     * frame and mask) without decoding them ({@link PngCheck}), and that none is reached through a
     * symbolic link; returns "file problem" for the
     * first damaged ones (empty: all whole). Reads each file once: about a second for a few
     * hundred frames.
     */
    public List<String> damagedFiles() {
        List<String> damaged = new ArrayList<>();
        for (FrameParams p : params()) {
            for (Path f : imagesOf(p)) {
                String problem = outside(f);
                if (problem == null) {
                    problem = PngCheck.problem(f);
                }
                if (problem != null) {
                    damaged.add(f + " " + problem);
                    if (damaged.size() >= 5) {
                        return damaged;
                    }
                }
            }
        }
        return damaged;
    }

    /** Why {@code f} (a file of this directory) leads out of it through a symbolic link, or null. */
    private String outside(Path f) {
        try {
            ContainedPath.resolve(root, root.relativize(f).toString());
            return null;
        } catch (IllegalArgumentException e) {
            return "is a symbolic link or lies behind one (a subject directory's files must be inside it)";
        }
    }

    /** The image files of a kept frame: frame, mask, condition maps, and the hi-res frame and mask when outputScale &gt; 1. */
    private List<Path> imagesOf(FrameParams p) {
        List<Path> files = new ArrayList<>(List.of(frame(p.index()), mask(p.index()), conditionTexture(p.index()),
                conditionNormal(p.index())));
        int hi = meta.outputScale();
        if (hi > 1) {
            files.add(frame(p.index(), hi));
            files.add(mask(p.index(), hi));
        }
        return files;
    }

    /** JSON mapper used for the directory's files. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes objects as JSON lines. */
    public static String toLines(List<?> objects) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object o : objects) {
            sb.append(LINES.writeValueAsString(o)).append('\n');
        }
        return sb.toString();
    }

    /** Reads JSON lines. */
    public static <T> List<T> readLines(Path file, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(LINES.readValue(line, type));
                } catch (IOException e) {
                    throw new SubjectFormatException(file + " line " + n + " is not valid: " + e.getMessage(), e);
                }
            }
        } catch (NoSuchFileException e) {
            throw new SubjectFormatException(file + " is missing");
        } catch (IOException e) {
            throw new SubjectFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
