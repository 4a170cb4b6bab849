package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.render.PatchLayout;

class ModelSummaryTest {

    @Test
    void summaryMatchesTheBuiltModel() {
        // the whole window super-resolved in training, as the paper (tiny.json cuts it to a block)
        Tri2PlaneConfig tiny = new ConfigLoader().with(TestSupport.config("tiny"), List.of("superResolution.trainingTiles=4"));
        ModelSummary s = ModelSummary.of(tiny, 7);
        Map<String, String> shapes = s.shapes().stream()
                .collect(Collectors.toMap(ModelSummary.NamedShape::name, ModelSummary.NamedShape::shape));
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(tiny, 7, m, 1);
            assertEquals(BlockParameters.counts(model), s.blockParameters());
            assertEquals(7L * tiny.latents().gammaDim(), s.blockParameters().get("latents"));
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(model, ps, m, 1, 0, false);
            TrainingForward out = model.trainingForward(ps, batch, new PatchLayout(128, 0, 0), false);
            assertEquals(out.planes().get(2).getShape().toString(), shapes.get("tri-plane Phi128"));
            assertEquals(out.scales().get(1).features().getShape().toString(), shapes.get("render scale 1 (quarter / 2)"));
            assertEquals(out.srInput().getShape().toString(), shapes.get("SR input (4 x 4 tiles)"));
            assertEquals(out.superResolved().getShape().toString(), shapes.get("SR output"));

            // a 2 x 2 block of SR tiles in training: the summary's shapes are the step's, and 12 fewer no-grad tiles
            Tri2PlaneConfig block = new ConfigLoader().with(tiny, List.of("superResolution.trainingTiles=2"));
            ModelSummary b = ModelSummary.of(block, 7);
            Map<String, String> bs = b.shapes().stream()
                    .collect(Collectors.toMap(ModelSummary.NamedShape::name, ModelSummary.NamedShape::shape));
            TrainingForward crop = TinyModels.model(block, 7, m, 1).trainingForward(ps, batch, new PatchLayout(128, 3, 10), false);
            assertEquals(crop.srInput().getShape().toString(), bs.get("SR input (2 x 2 tiles)"));
            assertEquals(crop.superResolved().getShape().toString(), bs.get("SR output"));
            assertTrue(b.forwardGflops() < s.forwardGflops() && b.stepGflops() < s.stepGflops(), b + " vs " + s);
        }
        assertTrue(s.forwardGflops() > 0);
        assertTrue(s.peakMegabytes() > s.parameterMegabytes());
        // paper-scale numbers: planes of 3 x 32 x 512², 128² rays x 64 samples per scale
        ModelSummary paper = ModelSummary.of(TestSupport.config("paper"), 1000);
        assertTrue(paper.toText().contains("(1, 3, 32, 512, 512)"));
        assertTrue(paper.toText().contains("(1, 16384, 64, 3)"));
    }
}
