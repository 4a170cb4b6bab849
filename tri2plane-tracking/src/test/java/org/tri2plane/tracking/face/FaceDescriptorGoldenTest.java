package org.tri2plane.tracking.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.assets.AssetStore;

/**
 * The face-description network on DJL against the same network under node with pure-JavaScript
 * TensorFlow.js (src/test/node/make_faceres_fixture.js) on the same 224² crops of franck.mp4. The
 * 7 MB weights are fetched into the asset cache, not committed: tagged e2e like the other tests
 * that need the cache.
 */
@Tag("e2e")
class FaceDescriptorGoldenTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FaceDescriptorGoldenTest.class.getResource(name).toURI());
    }

    @Test
    void descriptorsMatchTensorFlowJs() throws Exception {
        JsonNode golden;
        try (InputStream in = FaceDescriptorGoldenTest.class.getResourceAsStream("/fixtures/faceres_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        float[][] ours = new float[2][];
        try (NDManager m = NDManager.newBaseManager();
                FaceDescriptor net = FaceDescriptor.fromStore(AssetStore.open(null), m)) {
            for (int k = 0; k < 2; k++) {
                JsonNode g = golden.get("inputs").get(k);
                RgbImage crop = RgbImage.read(resource("/fixtures/" + g.get("file").asText()));
                ours[k] = net.describe(crop);
                JsonNode want = g.get("descriptor");
                assertEquals(FaceDescriptor.LENGTH, ours[k].length);
                assertEquals(want.size(), ours[k].length);
                double maxDiff = 0;
                double maxValue = 0;
                float[] theirs = new float[want.size()];
                for (int i = 0; i < theirs.length; i++) {
                    theirs[i] = (float) want.get(i).asDouble();
                    maxDiff = Math.max(maxDiff, Math.abs(theirs[i] - ours[k][i]));
                    maxValue = Math.max(maxValue, Math.abs(theirs[i]));
                }
                assertTrue(maxDiff < 1e-3 * Math.max(1, maxValue), g.get("file") + ": max |difference| " + maxDiff
                        + " (largest value " + maxValue + ")");
                assertTrue(FaceDescriptor.cosine(ours[k], theirs) > 0.99999, "cosine to TensorFlow.js");
            }
        }
        // two crops of the same face are close, and the cosine of a descriptor with itself is 1
        assertEquals(1.0, FaceDescriptor.cosine(ours[0], ours[0]), 1e-9);
        assertTrue(FaceDescriptor.cosine(ours[0], ours[1]) > 0.5, "same face: " + FaceDescriptor.cosine(ours[0], ours[1]));
    }
}
