package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.config.Vec3;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;

/**
 * Every shipped config's rendering box holds a real subject's head: its tracked face meshes (a
 * closed mouth and a laugh of the franck-mouth fixture), the back of the head and the crown placed
 * by {@link HeadExtent}, with room for hair. The box every config had before did not: it cut the
 * head about 9 cm behind the face's centre, which is what a side view shows.
 */
class HeadBoxTest {

    static List<FaceMesh> faces() {
        SubjectDirectory sd = SubjectDirectory.open(ExpressionLearningTest.subject());
        MorphableModelFile m = sd.morphableModel();
        List<FaceMesh> faces = new ArrayList<>();
        for (FrameParams p : sd.params()) {
            faces.add(FaceMesh.of(m.mean(), m.basis(), p.betaArray(), m.triangles()));
        }
        return faces;
    }

    @Test
    void everyShippedConfigHoldsTheHead() {
        HeadExtent head = HeadExtent.of(faces(), SubjectDataset.HEAD_MARGIN);
        for (String name : List.of("tiny", "paper", "paper-1024", "released", "gpu")) {
            Tri2PlaneConfig c = new ConfigLoader().load(Path.of("..", "configs", name + ".json"));
            List<String> cut = head.outside(new Box(c.rendering().boxMin(), c.rendering().boxMax()));
            assertTrue(cut.isEmpty(), name + ".json cuts the head: " + cut);
        }
    }

    @Test
    void theOldBoxCutTheBackOfTheHead() {
        List<String> cut = HeadExtent.of(faces(), SubjectDataset.HEAD_MARGIN)
                .outside(new Box(new Vec3(-1.5, -1.8, -1.9), new Vec3(1.5, 1.8, 1.1)));
        assertTrue(cut.stream().anyMatch(c -> c.startsWith("z up to")), cut.toString());
    }

    @Test
    void extentByHand() {
        // a face 2 wide (x from -1 to 1), y from -1 to 1, z from -0.5 (nose) to 0.5: the back at -0.5 + 1.45·2, the crown
        // 0.34·2 above y = -1, and 0.1 of margin on every side
        FaceMesh face = new FaceMesh(new double[] {-1, -1, -0.5, 1, 1, 0.5, 0, 0, 0}, new int[] {0, 1, 2});
        HeadExtent e = HeadExtent.of(List.of(face), 0.1);
        assertEquals(-1.1, e.min()[0], 1e-12);
        assertEquals(1.1, e.max()[0], 1e-12);
        assertEquals(-1 - 0.68 - 0.1, e.min()[1], 1e-12);
        assertEquals(1.1, e.max()[1], 1e-12);
        assertEquals(-0.6, e.min()[2], 1e-12);
        assertEquals(-0.5 + 2.9 + 0.1, e.max()[2], 1e-12);
        assertFalse(e.outside(new Box(new Vec3(-2, -2, -1), new Vec3(2, 2, 3))).size() > 0);
    }
}
