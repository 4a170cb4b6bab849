package org.tri2plane.tracking.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.image.RgbImage;

/**
 * The TFJS graph executor against the same models run under node with pure-JavaScript
 * TensorFlow.js (src/test/node/make_tfjs_fixtures.js) on the same input PNGs.
 */
class TfjsGoldenTest {

    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TfjsGoldenTest.class.getResourceAsStream("/fixtures/tfjs_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TfjsGoldenTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] values(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void faceMeshLandmarksMatchTensorFlowJs() throws IOException {
        TfjsModelFile file = TfjsModelFile.read(resource("/models/facemesh.json"));
        try (NDManager m = NDManager.newBaseManager(); TfjsGraph graph = new TfjsGraph(file, m)) {
            NDArray input = RgbImage.read(resource("/fixtures/facemesh_input.png")).toNhwc(m, 1 / 255f, 0f);
            NDList out = graph.execute(Map.of("input_1", input), List.of("Identity_2:0", "Identity_1:0", "Identity:0"));
            JsonNode g = golden.get("facemesh");
            float[] mesh = out.get(0).toFloatArray();
            assertEquals(1404, mesh.length);
            double d = maxDiff(values(g.get("Identity_2:0").get("values")), mesh);
            // landmarks in pixels of the 192 x 192 crop
            // measured: 1.1e-4 px
            assertTrue(d < 1e-3, "max landmark difference " + d + " px");
            assertEquals(1f, out.get(1).toFloatArray()[0], 1e-3f, "face flag");
            assertTrue(maxDiff(values(g.get("Identity:0").get("values")), out.get(2).toFloatArray()) < 0.01);
        }
    }

    @Test
    void blazeFaceOutputsMatchTensorFlowJs() throws IOException {
        TfjsModelFile file = TfjsModelFile.read(resource("/models/blazeface.json"));
        try (NDManager m = NDManager.newBaseManager(); TfjsGraph graph = new TfjsGraph(file, m)) {
            NDArray input = RgbImage.read(resource("/fixtures/blazeface_input.png")).toNhwc(m, 1 / 127.5f, -1f);
            List<String> names = List.of("Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0");
            NDList out = graph.execute(Map.of("input", input), names);
            for (int i = 0; i < names.size(); i++) {
                JsonNode g = golden.get("blazeface").get(names.get(i));
                long[] shape = new long[g.get("shape").size()];
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = g.get("shape").get(k).asLong();
                }
                assertArrayEquals(shape, out.get(i).getShape().getShape(), names.get(i));
                double d = maxDiff(values(g.get("values")), out.get(i).toFloatArray());
                // measured: at most 7.9e-4 on logits of magnitude up to 212
                assertTrue(d < 2e-3, names.get(i) + ": max difference " + d);
            }
        }
    }

    @Test
    void selfieSegmentationMatchesTensorFlowJs() throws IOException {
        TfjsModelFile file = TfjsModelFile.read(resource("/models/selfie.json"));
        try (NDManager m = NDManager.newBaseManager(); TfjsGraph graph = new TfjsGraph(file, m)) {
            NDArray input = RgbImage.read(resource("/fixtures/selfie_input.png")).toNhwc(m, 1 / 255f, 0f);
            NDArray mask = graph.execute(Map.of("input_1", input), List.of("activation_10:0")).singletonOrThrow();
            assertArrayEquals(new long[] {1, 256, 256, 1}, mask.getShape().getShape());
            float[] sub = mask.get(":, ::4, ::4, 0").toFloatArray();
            double d = maxDiff(values(golden.get("selfie").get("values")), sub);
            // measured: 2.1e-5
            assertTrue(d < 1e-4, "max mask difference " + d);
        }
    }
}
