package org.tri2plane.core.avatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.AlignedCondition;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.core.util.NoGrad;

/** A view rendered through the avatar is the model's render of that view's inputs, bit for bit, and frees what it made. */
class AvatarTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    private static float[] condition(Tri2PlaneConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] cond = new float[c.condition().channels() * c.condition().size() * c.condition().size()];
        for (int i = 0; i < cond.length; i++) {
            cond[i] = (float) r.nextDouble();
        }
        return cond;
    }

    /** The model's own render of a single frame (what every caller assembled before the avatar). */
    private static float[] direct(Tri2PlaneModel model, NDManager root, Camera window, View v, NDArray gamma) {
        try (NDManager m = root.newSubManager(); NoGrad g = NoGrad.enter()) {
            ExpressionWarp still = ExpressionWarp.stillHead(model.config().rendering());
            FrameBatch batch = FrameBatch.single(m, v.condition(), v.beta(), gamma, window, v.pose())
                    .withFraming(AlignedCondition.typicalFraming())
                    .withWarp(still == null ? null : still.fields(m, List.of(v.beta())));
            return model.renderImage(new ParameterStore(root, false), batch).clip(0, 1).toFloatArray();
        }
    }

    @Test
    void aViewRendersExactlyWhatTheModelRendersForItsInputs() {
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 4, root, 3);
            model.latents().tableParameter().getArray().addi(root.randomNormal(model.latents().tableParameter().getShape()));
            Camera frame = TinyModels.frameCamera(TINY);
            SlidingWindow sw = new SlidingWindow(TINY.frame().frameSize(), TINY.frame().windowSize());
            double[] beta = new SplittableRandom(1).doubles(TINY.latents().expressionDim(), -1, 1).toArray();
            View own = new View(Pose.yaw(0.2, 0, 0, 5), beta, condition(TINY, 2), 2);
            View mean = new View(Pose.yaw(-0.1, 0, 0, 5), beta, condition(TINY, 3), View.MEAN_GAMMA).withWindow(3, -2);
            float[] ownDirect = direct(model, root, sw.centred(frame), own, model.latents().tableParameter().getArray().get(2));
            float[] meanDirect;
            try (NoGrad g = NoGrad.enter(); NDArray gamma = model.latents().meanGamma()) {
                meanDirect = direct(model, root, sw.camera(frame, 3, -2), mean, gamma);
            }
            int before = root.getManagedArrays().size();
            try (Avatar avatar = Avatar.of(model, root, frame, AlignedCondition.typicalFraming(),
                    ExpressionWarp.stillHead(TINY.rendering()));
                    NDManager m = root.newSubManager()) {
                assertArrayEquals(ownDirect, avatar.renderTensor(m, own).toFloatArray(), 0f, "its own code γ_2");
                assertArrayEquals(meanDirect, avatar.renderTensor(m, mean).toFloatArray(), 0f, "the mean code, an offset window");
                int n = avatar.nativeSize();
                RgbImage img = avatar.render(own);
                assertEquals(n, img.width());
                assertArrayEquals(SubjectImages.toImage(ownDirect, n, n).rgb(), img.rgb(), "the image is the tensor's");
                assertEquals(2 * n, avatar.render(own.withSize(2 * n)).width(), "resized to the view's size");
                int live = root.getManagedArrays().size();
                for (int i = 0; i < 3; i++) {
                    avatar.render(i % 2 == 0 ? own : mean);
                }
                assertEquals(live, root.getManagedArrays().size(), "a render keeps nothing");
                assertFalse(Arrays.equals(ownDirect, meanDirect));
            }
            assertEquals(before, root.getManagedArrays().size(), "closing frees the mean code and nothing of the model");
            assertTrue(model.namedParameters().values().iterator().next().getArray().getShape().size() > 0, "the model lives on");
        }
    }

    @Test
    void aViewOutsideTheModelIsRefusedWithWhatFits() {
        try (NDManager root = NDManager.newBaseManager();
                Avatar avatar = Avatar.of(TinyModels.model(TINY, 4, root, 3), root, TinyModels.frameCamera(TINY),
                        AlignedCondition.typicalFraming(), ExpressionWarp.stillHead(TINY.rendering()));
                NDManager m = root.newSubManager()) {
            int max = TINY.frame().maxWindowOffset();
            View v = new View(Pose.yaw(0, 0, 0, 5), new double[TINY.latents().expressionDim()], condition(TINY, 1), View.MEAN_GAMMA);
            String offset = assertThrows(IllegalArgumentException.class, () -> avatar.renderTensor(m, v.withWindow(max + 1, 0)))
                    .getMessage();
            assertTrue(offset.contains("at most ±" + max), offset);
            String row = assertThrows(IllegalArgumentException.class,
                    () -> avatar.renderTensor(m, new View(v.pose(), v.beta(), v.condition(), 4))).getMessage();
            assertTrue(row.contains("4 training frames"), row);
            assertThrows(IllegalStateException.class, avatar::subject, "no subject behind a model in memory");
            assertThrows(IllegalArgumentException.class, () -> new View(v.pose(), v.beta(), v.condition(), -2));
            assertThrows(IllegalArgumentException.class, () -> v.withSize(-1));
        }
    }
}
