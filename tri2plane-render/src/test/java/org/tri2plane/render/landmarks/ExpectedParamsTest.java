package org.tri2plane.render.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;

/** The expected-parameters file: what a render writes is what evaluation reads back; a missing file says how to make one. */
class ExpectedParamsTest {

    @Test
    void theExpectedParametersRoundTripThroughTheirFile(@TempDir Path tmp) throws Exception {
        Camera camera = new Camera(600, 600, 256, 256, 512, 512);
        Pose p = Pose.yaw(0.3, 0.1, 0.2, 5);
        Path file = tmp.resolve("params.json");
        new ExpectedParams(tmp.toString(), camera, List.of(new ExpectedParams.Frame(0, 7, p.rotation(), p.translation(),
                new double[] {1, 2}))).write(file);
        ExpectedParams back = ExpectedParams.read(file);
        assertEquals(camera, back.camera());
        assertEquals(7, back.frames().get(0).source());
        assertEquals(p, new Pose(back.frames().get(0).rotation(), back.frames().get(0).translation()));
        assertTrue(Files.readString(file).contains("\"beta\""));
        LandmarkFileException missing = assertThrows(LandmarkFileException.class, () -> ExpectedParams.read(tmp.resolve("none.json")));
        assertTrue(missing.getMessage().contains("render --expected-params"), missing.getMessage());
        Files.writeString(tmp.resolve("bad.json"), "{\"subject\": 3, \"frames\": \"x\"}");
        LandmarkFileException bad = assertThrows(LandmarkFileException.class, () -> ExpectedParams.read(tmp.resolve("bad.json")));
        assertTrue(bad.getMessage().contains("bad.json"), bad.getMessage());
    }
}
