package org.tri2plane.core.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.geometry.Camera;

/** subject.json's outputScale: written when hi-res frames exist, 1 when absent (older subject directories). */
class SubjectMetaTest {

    private static SubjectMeta meta(int outputScale) {
        return new SubjectMeta(SubjectMeta.FORMAT, SubjectMeta.VERSION, "s", new Camera(300, 300, 50, 50, 100, 100), 100, 32,
                10, new SubjectMeta.Source("v.mp4", "ab", 640, 480, 10, 0, false, 3), List.of(10.0, 0.0, 400.0), 3, 2, 4,
                List.of(-1.0, -1.0, 1.0, 1.0), List.of(255, 255, 255), TrackingSettings.defaults(), outputScale);
    }

    @Test
    void aSubjectJsonWithoutOutputScaleHasNoHiResFrames(@TempDir Path tmp) throws Exception {
        String json = SubjectDirectory.json().writeValueAsString(meta(1));
        String old = json.replaceAll(",\\s*\"outputScale\"\\s*:\\s*1", "");
        assertFalse(old.contains("outputScale"), old);
        Files.writeString(tmp.resolve(SubjectDirectory.META), old);
        SubjectDirectory s = SubjectDirectory.open(tmp);
        assertEquals(1, s.meta().outputScale());
        assertEquals(100, s.meta().frameSize(1));
        assertEquals(tmp.resolve("frames").resolve("000007.png"), s.frame(7, 1));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> s.frame(7, 2));
        assertTrue(none.getMessage().contains("not 2"), none.getMessage());
    }

    @Test
    void outputScaleRoundTripsAndNamesTheHiResFolders(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve(SubjectDirectory.META), SubjectDirectory.json().writeValueAsString(meta(2)));
        SubjectDirectory s = SubjectDirectory.open(tmp);
        assertEquals(meta(2), s.meta());
        assertEquals(200, s.meta().frameSize(2));
        assertEquals(tmp.resolve("frames_x2").resolve("000007.png"), s.frame(7, 2));
        assertEquals(tmp.resolve("masks_x2").resolve("000007.png"), s.mask(7, 2));
        assertEquals(tmp.resolve("masks").resolve("000007.png"), s.mask(7));
        assertThrows(IllegalArgumentException.class, () -> s.frame(7, 3));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> meta(0));
        assertTrue(zero.getMessage().contains("outputScale"), zero.getMessage());
    }
}
