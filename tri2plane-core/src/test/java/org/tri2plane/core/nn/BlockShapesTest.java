package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.config.FieldConfig;
import org.tri2plane.core.config.GeneratorConfig;
import org.tri2plane.core.config.SuperResolutionConfig;
import org.tri2plane.core.config.Tri2PlaneConfig;

/** Each block's declared output shapes equal what it computes, and gradients reach its inputs. */
class BlockShapesTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    private static NDArray run(Tri2Block block, NDManager m, boolean checkInputGrad, NDArray... inputs) {
        block.initialize(m);
        return check(block, m, checkInputGrad, inputs);
    }

    /** {@link #run} for a block whose parameters are already set. */
    private static NDArray runInitialised(Tri2Block block, NDManager m, NDArray... inputs) {
        return check(block, m, true, inputs);
    }

    private static NDArray check(Tri2Block block, NDManager m, boolean checkInputGrad, NDArray... inputs) {
        ParameterStore ps = new ParameterStore(m, false);
        for (NDArray in : inputs) {
            in.setRequiresGradient(checkInputGrad);
        }
        NDList out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out = block.forward(ps, new NDList(inputs), true);
            NDArray loss = out.get(0).sum();
            for (int i = 1; i < out.size(); i++) {
                loss = loss.add(out.get(i).sum());
            }
            gc.backward(loss);
        }
        Shape[] in = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in[i] = inputs[i].getShape();
        }
        Shape[] declared = block.getOutputShapes(in);
        assertEquals(declared.length, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(declared[i], out.get(i).getShape(), block.getClass().getSimpleName() + " output " + i);
        }
        if (checkInputGrad) {
            assertTrue(inputs[0].getGradient().abs().sum().getFloat() > 0, "gradient to the input");
        }
        for (var p : block.getParameters()) {
            assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, "gradient to " + p.getKey());
        }
        return out.get(0);
    }

    @Test
    void encoderAndMapping() {
        try (NDManager m = NDManager.newBaseManager()) {
            int s = TINY.condition().size();
            NDArray e = run(new ConditionEncoder(TINY.condition(), TINY.encoder()), m, true,
                    m.randomUniform(0, 1, new Shape(2, 6, s, s)));
            assertEquals(new Shape(2, TINY.encoder().embeddingDim()), e.getShape());
            run(new MappingNetwork(50, TINY.mapping()), m, true, m.randomNormal(new Shape(3, 50)));
        }
    }

    @Test
    void generatorWithCrossPlaneStepsAndNoSkip() {
        GeneratorConfig g = new GeneratorConfig(512, 32, 2, List.of(8, 16, 32), 4, false, 2, false, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            TriPlaneGenerator gen = new TriPlaneGenerator(16, g);
            gen.initialize(m);
            NDList planes = gen.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 16))), false);
            assertEquals(new Shape(2, 3, 4, 32, 32), planes.get(2).getShape());
            run(new TriPlaneGenerator(16, g), m, true, m.randomNormal(new Shape(2, 16)));
        }
    }

    @Test
    void crossPlaneStepMixesThePlanes() {
        try (NDManager m = NDManager.newBaseManager()) {
            CrossPlaneStep step = new CrossPlaneStep(8, 3);
            step.initialize(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray planes = m.randomNormal(new Shape(1, 3, 3, 8, 8));
            NDArray w = m.randomNormal(new Shape(1, 8));
            NDArray a = step.forward(ps, new NDList(planes, w), false).singletonOrThrow();
            // change only plane XZ: plane XY's output must change (it sees XZ's pooled features)
            NDArray changed = planes.duplicate();
            changed.set(new ai.djl.ndarray.index.NDIndex(":, 1"), m.randomNormal(new Shape(1, 3, 8, 8)));
            NDArray b = step.forward(ps, new NDList(changed, w), false).singletonOrThrow();
            assertTrue(a.get(":, 0").sub(b.get(":, 0")).abs().max().getFloat() > 1e-4f);
            run(new CrossPlaneStep(8, 3), m, true, m.randomNormal(new Shape(2, 3, 3, 8, 8)), m.randomNormal(new Shape(2, 8)));
        }
    }

    @Test
    void sharedMlpWithViewDirections() {
        FieldConfig f = new FieldConfig(16, 8, 4, 0.0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dirs = m.randomNormal(new Shape(40, 3));
            SharedNerfMlp mlp = new SharedNerfMlp(8, f);
            assertTrue(mlp.usesViewDirections());
            run(mlp, m, true, m.randomNormal(new Shape(40, 8)), dirs);
            NDList out = mlp.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(40, 8)), dirs), false);
            assertTrue(out.get(0).min().getFloat() >= 0, "density is non-negative");
            assertTrue(out.get(1).min().getFloat() > -0.0011f && out.get(1).max().getFloat() < 1.0011f);
        }
    }

    /** Gives the zero-initialised 1x1 RGB convs random weights so that every layer has a gradient path. */
    private static SuperResolution trainedLooking(SuperResolution sr, NDManager m) {
        sr.initialize(m);
        for (var p : sr.getParameters()) {
            if (p.getKey().contains("rgb") && p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT) {
                NDArray a = p.getValue().getArray();
                m.randomNormal(a.getShape()).copyTo(a);
            }
        }
        return sr;
    }

    @Test
    void superResolutionSameSizeAndDoubled() {
        try (NDManager m = NDManager.newBaseManager()) {
            SuperResolution same = trainedLooking(new SuperResolution(8, 32, new SuperResolutionConfig(List.of(8, 16, 16), 32, 4)), m);
            NDArray x = runInitialised(same, m, m.randomNormal(new Shape(1, 8, 32, 32)));
            assertEquals(new Shape(1, 3, 32, 32), x.getShape());
            SuperResolution doubled = trainedLooking(new SuperResolution(8, 32, new SuperResolutionConfig(List.of(8, 16), 64, 4)), m);
            NDArray y = runInitialised(doubled, m, m.randomNormal(new Shape(1, 8, 32, 32)));
            assertEquals(new Shape(1, 3, 64, 64), y.getShape());
        }
    }

    @Test
    void untrainedSuperResolutionIsTheIdentityOnTheRenderedRgb() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray input = m.randomUniform(0f, 1f, new Shape(2, 8, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            SuperResolution same = new SuperResolution(8, 32, new SuperResolutionConfig(List.of(8, 16, 16), 32, 4));
            same.initialize(m);
            NDArray out = same.forward(ps, new NDList(input), false).singletonOrThrow();
            assertEquals(0f, out.sub(input.get(":, 0:3")).abs().max().getFloat(), 0f, "SR output = its RGB input");
            SuperResolution doubled = new SuperResolution(8, 32, new SuperResolutionConfig(List.of(8, 16), 64, 4));
            doubled.initialize(m);
            NDArray up = doubled.forward(ps, new NDList(input), false).singletonOrThrow();
            NDArray bilinear = Resample.upsample2x(input.get(":, 0:3"));
            assertEquals(0f, up.sub(bilinear).abs().max().getFloat(), 0f, "x2 SR output = bilinear x2 of its RGB input");
        }
    }

    @Test
    void frameLatentsOnlyTheLookedUpRowsGetGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            FrameLatents latents = new FrameLatents(4, 3);
            latents.initialize(m);
            NDArray rows = m.create(new long[] {2, 0, 2});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = latents.forward(new ParameterStore(m, false), new NDList(rows), true).singletonOrThrow();
                assertEquals(new Shape(3, 3), out.getShape());
                gc.backward(out.sum());
            }
            float[] g = latents.tableParameter().getArray().getGradient().toFloatArray();
            // row 0 once, row 2 twice, rows 1 and 3 never
            assertEquals(1f, g[0]);
            assertEquals(0f, g[3]);
            assertEquals(2f, g[6]);
            assertEquals(0f, g[9]);
        }
    }
}
