package org.tri2plane.tracking;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tri2plane.tracking.video.VideoInfo;

/** A video that runs out of frames long before its container says is reported, not tracked in silence. */
class VideoEndedEarlyTest {

    private static TrackingPipeline.Options options(Integer maxFrames) {
        return new TrackingPipeline.Options(Path.of("cut.mp4"), Path.of("out"), null, maxFrames, null, false, false, 1);
    }

    @Test
    void aVideoCutInHalfIsReportedAndALimitedRunIsNot() {
        VideoInfo info = new VideoInfo(640, 480, 25, 40, 0, false);
        String w = TrackingPipeline.endedEarly(options(null), info, 16, 16);
        assertTrue(w != null && w.contains("cut.mp4 ended after 16 of the 40 frames"), w);
        assertNull(TrackingPipeline.endedEarly(options(16), info, 16, 16), "--max-frames stopped it, not the file");
        assertNull(TrackingPipeline.endedEarly(options(null), info, 38, 38), "within the container's estimate");
        assertNull(TrackingPipeline.endedEarly(options(null), new VideoInfo(640, 480, 25, 0, 0, false), 16, 16),
                "no estimate, nothing to compare with");
    }
}
