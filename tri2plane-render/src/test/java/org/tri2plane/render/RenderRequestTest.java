package org.tri2plane.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RenderRequestTest {

    private static final Path RUN = Path.of("run");
    private static final Path SUBJECT = Path.of("subject");

    @Test
    void aBuiltRequestHoldsWhatWasSetAndNothingElse() {
        RenderRequest r = RenderRequest.builder(RUN, SUBJECT).mp4(Path.of("a.mp4")).frames(3, 9).windowOffset(-4, 2)
                .force(true).build();
        assertInstanceOf(RenderMode.Self.class, r.mode(), "self mode unless another is given");
        assertEquals(Path.of("a.mp4"), r.mp4());
        assertEquals(3, r.fromFrame());
        assertEquals(9, r.toFrame());
        assertEquals(-4, r.windowDx());
        assertEquals(2, r.windowDy());
        assertEquals(true, r.force());
        assertNull(r.pngDir());
        assertNull(r.resolution());
        assertEquals(RenderRequest.self(RUN, SUBJECT, Path.of("a.mp4")).mode(), new RenderMode.Self());
    }

    @Test
    void eachModeCarriesWhatItNeeds() {
        RenderMode cross = RenderMode.of("CROSS", Path.of("drv"), 4, 40, 0, 48, false);
        assertEquals(new RenderMode.Cross(Path.of("drv"), 4), cross);
        assertEquals(new RenderMode.Orbit(30, 5, 12, true), RenderMode.of("orbit", null, null, 30, 5, 12, true));
        assertEquals("self", RenderMode.of("self", null, null, 0, 0, 1, false).name());
        assertNull(RenderMode.of("bogus", null, null, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new RenderMode.Orbit(40, 0, 0, false));
    }

    @Test
    void aFrameRangeNeedsBothEnds() {
        assertThrows(IllegalArgumentException.class, () -> RenderRequest.builder(RUN, SUBJECT).frames(3, null).build());
        assertThrows(IllegalArgumentException.class, () -> RenderRequest.builder(null, SUBJECT).build());
    }
}
