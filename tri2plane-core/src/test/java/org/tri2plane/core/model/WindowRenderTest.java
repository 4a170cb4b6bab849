package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.render.RenderedImage;

/** The sliding window is an exact crop: a window camera renders the same pixels as the frame camera. */
class WindowRenderTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    @Test
    void windowRenderEqualsCropOfFullFrameRender() {
        int frame = TINY.frame().frameSize();
        int win = TINY.frame().windowSize();
        SlidingWindow sw = new SlidingWindow(frame, win);
        int dx = 10;
        int dy = -6;
        int x0 = sw.origin(dx);
        int y0 = sw.origin(dy);
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 2, m, 4);
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(model, ps, m, 1, 0, false);
            NDList planes = model.planes(ps, batch, false);
            Camera full = TinyModels.frameCamera(TINY);
            Camera window = sw.camera(full, dx, dy);
            List<Pose> pose = List.of(Pose.yaw(0.25, 0.05, -0.02, 5));

            // stride 2: whole frame vs. whole window
            RenderedImage frameImg = model.render(ps, planes.get(1), List.of(full), pose,
                    PixelWindow.square(0, 0, frame, 2), false, false);
            RenderedImage winImg = model.render(ps, planes.get(1), List.of(window), pose,
                    PixelWindow.square(0, 0, win, 2), false, false);
            String crop = ":, :, " + y0 / 2 + ":" + (y0 + win) / 2 + ", " + x0 / 2 + ":" + (x0 + win) / 2;
            assertClose(frameImg.features().get(crop), winImg.features());
            assertClose(frameImg.mask().get(crop), winImg.mask());
            assertClose(frameImg.depth().get(crop), winImg.depth());
            // the crop is not trivially empty
            assertTrue(winImg.mask().max().getFloat() > 0.1f);

            // stride 1: one tile of the window vs. the same pixels of the frame
            RenderedImage tileFrame = model.render(ps, planes.get(2), List.of(full), pose,
                    PixelWindow.square(x0 + 32, y0 + 64, 32, 1), false, false);
            RenderedImage tileWin = model.render(ps, planes.get(2), List.of(window), pose,
                    PixelWindow.square(32, 64, 32, 1), false, false);
            assertClose(tileFrame.features(), tileWin.features());
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff < 1e-5f, "max difference " + diff);
    }
}
