package org.tri2plane.tracking.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.FaceContours;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.raster.ConditionRenderer;

/**
 * The mouth's cavity on a real tracked subject (franck-mouth: MediaPipe's mesh, frame 65 laughing
 * with the mouth open, frame 9 with it closed): the triangles that close the mouth, and the hole they leave in the
 * condition maps.
 */
class MouthCavityTest {

    private static final int SIZE = 128;

    private static SubjectDirectory subject() {
        Path p = Path.of("..", "tri2plane-train", "src", "test", "resources", "subjects", "franck-mouth");
        return SubjectDirectory.open(Files.isDirectory(p) ? p : Path.of("tri2plane-train", "src", "test", "resources", "subjects",
                "franck-mouth"));
    }

    @Test
    void eighteenTrianglesCloseMediaPipesMouthAllOnTheInnerLips() {
        MorphableModelFile file = subject().morphableModel();
        boolean[] cavity = MouthCavity.triangles(file.triangles(), file.vertices());
        int n = 0;
        for (int t = 0; t < cavity.length; t++) {
            if (cavity[t]) {
                n++;
                for (int k = 0; k < 3; k++) {
                    int v = file.triangles()[3 * t + k];
                    assertTrue(Arrays.stream(FaceContours.innerLip()).anyMatch(i -> i == v), "corner " + v + " of triangle " + t);
                }
            }
        }
        assertEquals(18, n, "the canonical mesh closes the mouth with 18 triangles");
        assertArrayEquals(new boolean[cavity.length], MouthCavity.triangles(file.triangles(), 494), "another topology has no cavity");
    }

    @Test
    void anOpenMouthLeavesABlackHoleBetweenTheInnerLipsAndNothingElseChanges() {
        SubjectDirectory s = subject();
        MorphableModelFile file = s.morphableModel();
        PcaMorphableModel model = PcaMorphableModel.of(file);
        double[] framing = ConditionRenderer.framing(model.meanShape(), 0.1);
        ConditionRenderer plain = new ConditionRenderer(file.triangles(), file.uv(), 64, framing, SIZE, model.meanShape(), 4, false);
        ConditionRenderer marked = new ConditionRenderer(file.triangles(), file.uv(), 64, framing, SIZE, model.meanShape(), 4, true);
        byte[] grey = new byte[64 * 64 * 3];
        Arrays.fill(grey, (byte) 160);
        RgbImage texture = new RgbImage(64, 64, grey);
        double[] open = shape(s, model, 65);
        RgbImage[] before = plain.render(open, texture);
        RgbImage[] after = marked.render(open, texture);
        // the inner lips' midpoints (13 upper, 14 lower) in the maps' pixels: the hole lies between them
        double upper = (open[3 * 13 + 1] - framing[1]) / (framing[3] - framing[1]) * SIZE;
        double lower = (open[3 * 14 + 1] - framing[1]) / (framing[3] - framing[1]) * SIZE;
        assertTrue(lower - upper > 5, "frame 65 opens the mouth by " + (lower - upper) + " px");
        int hole = 0;
        for (int p = 0; p < SIZE * SIZE; p++) {
            boolean changed = false;
            for (int c = 0; c < 3; c++) {
                changed |= before[0].rgb()[3 * p + c] != after[0].rgb()[3 * p + c] || before[1].rgb()[3 * p + c] != after[1].rgb()[3 * p + c];
            }
            if (!changed) {
                continue;
            }
            hole++;
            for (int c = 0; c < 3; c++) {
                assertEquals(0, after[0].rgb()[3 * p + c], "the texture map is black in the cavity");
                assertEquals(0, after[1].rgb()[3 * p + c], "the normal map is black in the cavity");
            }
            int y = p / SIZE;
            assertTrue(y >= Math.floor(upper) - 1 && y <= Math.ceil(lower) + 1, "row " + y + " outside the lips " + upper + ".." + lower);
        }
        assertTrue(hole > 50, "the open mouth leaves a hole of " + hole + " px");
        RgbImage[] still = marked.render(shape(s, model, 9), texture);
        RgbImage[] stillPlain = plain.render(shape(s, model, 9), texture);
        int closed = 0;
        for (int i = 0; i < still[0].rgb().length; i += 3) {
            closed += still[0].rgb()[i] != stillPlain[0].rgb()[i] ? 1 : 0;
        }
        assertTrue(closed < hole / 10, "a closed mouth leaves " + closed + " px, the laugh " + hole);
    }

    private static double[] shape(SubjectDirectory s, PcaMorphableModel model, int frame) {
        FrameParams p = s.params().stream().filter(f -> f.index() == frame).findFirst().orElseThrow();
        return model.shape(p.beta().stream().mapToDouble(Double::doubleValue).toArray());
    }
}
