package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceDescriptor;
import org.tri2plane.tracking.face.FaceModels;

class IdentityCheckTest {

    private static IdentityCheck.Item item(String name, String person) {
        return new IdentityCheck.Item(name, person, true);
    }

    @Test
    void pairsAreSplitByPersonAndScoredByTheirCosine() {
        // a and b: the same person at 60° (cos 0.5); c, another person, orthogonal to a (cos 0) and at cos 0.8660 to b
        float[] a = {1, 0};
        float[] b = {0.5f, (float) Math.sqrt(0.75)};
        float[] c = {0, 1};
        List<IdentityCheck.Item> items = List.of(item("a", "p"), item("b", "p"), item("c", "q"), new IdentityCheck.Item("d", "q", false));
        IdentityCheck.Result r = IdentityCheck.compare(items, Arrays.asList(a, b, c, null), 0);
        assertEquals(3, r.pairs().size(), "the face that was not found is in no pair");
        assertEquals(1, r.samePerson().pairs());
        assertEquals(0.5, r.samePerson().mean(), 1e-6);
        assertEquals(2, r.differentPerson().pairs());
        assertEquals(0.0, r.differentPerson().min(), 1e-6);
        assertEquals(Math.sqrt(0.75), r.differentPerson().max(), 1e-6);
        assertEquals(0.5 - Math.sqrt(0.75), r.gap(), 1e-6, "negative: the distributions overlap");
        assertEquals(0.5, r.auc(), 1e-12, "0.5 beats 0 and loses to 0.866");
    }

    @Test
    void theAucCountsTiesAsHalfAndTooFewFacesAreRefused() {
        assertEquals(0.75, IdentityCheck.auc(List.of(0.5, 0.9), List.of(0.5)), 1e-12);
        assertEquals(1.0, IdentityCheck.auc(List.of(0.9), List.of(0.1, 0.2)), 1e-12);
        List<IdentityCheck.Item> one = List.of(item("a", "p"), item("b", "p"));
        List<float[]> d = new ArrayList<>(List.of(new float[] {1, 0}, new float[] {1, 0}));
        assertThrows(EvalException.class, () -> IdentityCheck.compare(one, d, 0), "no different-person pair");
    }

    @Test
    void anImageIsPaddedToASquareWithoutChangingItsPixels() {
        byte[] px = new byte[4 * 2 * 3];
        Arrays.fill(px, (byte) 200);
        RgbImage sq = IdentityMetric.square(new RgbImage(4, 2, px));
        assertEquals(4, sq.width());
        assertEquals(4, sq.height());
        assertEquals(0, sq.rgb()[0], "the band above is black");
        assertEquals((byte) 200, sq.rgb()[(1 * 4) * 3], "row 1 holds the image's first row");
        assertEquals(0, sq.rgb()[(3 * 4) * 3]);
    }

    /** The validation on real photos and video frames (the face models and stills come from the asset cache). */
    @Test
    @Tag("e2e")
    void samePersonPairsScoreClearlyAboveDifferentPeopleOnRealFaces() throws Exception {
        AssetStore store = AssetStore.open(null);
        try (NDManager root = NDManager.newBaseManager();
                FaceModels models = FaceModels.fromStore(store, root);
                FaceDescriptor net = FaceDescriptor.fromStore(store, root)) {
            IdentityCheck.Result r = IdentityCheck.run(new IdentityMetric(new FaceLandmarks(models), net), store, 3, s -> { });
            assertTrue(r.items().stream().allMatch(IdentityCheck.Item::face), "a face in every image: " + r.items());
            assertTrue(r.samePerson().mean() > r.differentPerson().mean() + 0.2, r.samePerson() + " vs " + r.differentPerson());
            assertTrue(r.auc() > 0.95, "AUC " + r.auc());
        }
    }
}
