package org.tri2plane.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectMeta;

/**
 * Makes the committed real-subject fixture ({@code src/test/resources/subjects/franck-2}): two
 * frames of a subject tracked by {@code tri2plane track}, both for training, with frames and masks
 * area-downscaled to {@value #SIZE}² and the camera and landmarks scaled with them (condition maps
 * and parameters as tracked, the morphable model at float precision). Run by {@code scripts/fixtures/make-overfit-subject.sh}; skipped
 * otherwise.
 */
class RealSubjectFixture {

    static final int SIZE = 184;

    /** The fixture's folder among the test resources. */
    static Path path() {
        Path p = Path.of("src", "test", "resources", "subjects", "franck-2");
        if (!Files.isDirectory(p)) {
            p = Path.of("tri2plane-train").resolve(p);
        }
        return p;
    }

    @Test
    @EnabledIfSystemProperty(named = "tri2plane.fixtureSource", matches = ".+")
    void make() throws IOException {
        Path source = Path.of(System.getProperty("tri2plane.fixtureSource"));
        String[] frames = System.getProperty("tri2plane.fixtureFrames", "0,125").split(",");
        write(SubjectDirectory.open(source), Path.of(System.getProperty("tri2plane.fixtureOut", path().toString())), frames);
    }

    static void write(SubjectDirectory src, Path out, String[] indices) throws IOException {
        org.tri2plane.core.util.AtomicFiles.writeDirectory(out, dir -> {
            for (String sub : new String[] {"frames", "masks", "cond/tex", "cond/normal"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            Map<Integer, FrameParams> byIndex = new java.util.HashMap<>();
            src.params().forEach(p -> byIndex.put(p.index(), p));
            List<FrameParams> kept = new ArrayList<>();
            for (String s : indices) {
                int index = Integer.parseInt(s.trim());
                FrameParams p = byIndex.get(index);
                if (p == null) {
                    throw new IllegalArgumentException(src.root() + " has no kept frame " + index);
                }
                kept.add(new FrameParams(p.index(), p.r(), p.t(), p.beta(), p.reprojectionError(), true));
                String name = SubjectDirectory.fileName(index);
                ImageOps.resize(RgbImage.read(src.frame(index)), SIZE, SIZE).writePng(dir.resolve("frames").resolve(name));
                ImageOps.resize(RgbImage.read(src.mask(index)), SIZE, SIZE).writePng(dir.resolve("masks").resolve(name));
                Files.copy(src.conditionTexture(index), dir.resolve("cond/tex").resolve(name));
                Files.copy(src.conditionNormal(index), dir.resolve("cond/normal").resolve(name));
            }
            SubjectMeta m = src.meta();
            SubjectMeta meta = new SubjectMeta(m.format(), m.formatVersion(), m.name() + "-2", m.camera().scaled((double) SIZE / m.frameSize()),
                    SIZE, m.conditionSize(), m.fps(), m.source(), m.crop(), kept.size(), kept.size(), m.expressionDim(),
                    m.conditionFraming(), m.background(), m.tracking());
            Files.writeString(dir.resolve(SubjectDirectory.META), SubjectDirectory.json().writeValueAsString(meta));
            Files.writeString(dir.resolve(SubjectDirectory.PARAMS), SubjectDirectory.toLines(kept));
            // the tracked landmarks of the kept frames, in the fixture's frame pixels (loss.regionWeight reads them)
            Map<Integer, double[]> landmarks = src.landmarks();
            StringBuilder lines = new StringBuilder();
            for (FrameParams p : kept) {
                double[] pts = landmarks.get(p.index()).clone();
                for (int i = 0; i < pts.length; i++) {
                    pts[i] *= (double) SIZE / m.frameSize();
                }
                lines.append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new SubjectDirectory.LandmarkLine(p.index(), pts))).append('\n');
            }
            Files.writeString(dir.resolve(SubjectDirectory.LANDMARKS), lines);
            // the morphable model (the geometry terms pose its mesh), at float precision to keep the fixture small
            MorphableModelFile model = src.morphableModel();
            double[][] basis = new double[model.basis().length][];
            for (int k = 0; k < basis.length; k++) {
                basis[k] = toFloat(model.basis()[k]);
            }
            Files.writeString(dir.resolve(SubjectDirectory.MODEL), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    new MorphableModelFile(model.vertices(), model.expressionDim(), toFloat(model.mean()), basis, toFloat(model.std()),
                            model.triangles(), toFloat(model.uv()))));
        });
    }

    private static double[] toFloat(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.parseDouble(Float.toString((float) v[i]));
        }
        return out;
    }
}
