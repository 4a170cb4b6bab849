package org.tri2plane.render.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.TestVideos;
import org.tri2plane.tracking.video.VideoException;
import org.tri2plane.tracking.video.VideoReader;

class VideoWriterTest {

    static RgbImage frame(int w, int h, int level) {
        byte[] b = new byte[w * h * 3];
        java.util.Arrays.fill(b, (byte) level);
        return new RgbImage(w, h, b);
    }

    @Test
    void writesH264ThatDecodesBack(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.mp4");
        try (VideoWriter w = VideoWriter.open(out, 64, 48, 25, null)) {
            for (int i = 0; i < 12; i++) {
                w.write(frame(64, 48, 20 * i));
            }
            assertFalse(Files.exists(out), "nothing under the final name before commit");
            w.commit();
            assertEquals("h264 (libopenh264)", w.codec());
        }
        try (VideoReader r = VideoReader.open(out)) {
            assertEquals(64, r.info().width());
            assertEquals(48, r.info().height());
            assertEquals(25, r.info().fps(), 1e-6);
            int n = 0;
            DecodedFrame f;
            while ((f = r.next()) != null) {
                assertEquals(20 * n, f.image().get(32, 24, 0), 8);
                n++;
            }
            assertEquals(12, n);
        }
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void abandonedVideoLeavesNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.mp4");
        try (VideoWriter w = VideoWriter.open(out, 32, 32, 10, null)) {
            w.write(frame(32, 32, 100));
            // no commit: e.g. rendering failed half-way
        }
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void audioRangeIsMuxedIn(@TempDir Path tmp) throws Exception {
        Path src = TestVideos.withTone(tmp.resolve("talk.mp4"));
        Path out = tmp.resolve("out.mp4");
        try (VideoWriter w = VideoWriter.open(out, 32, 32, 10, new VideoWriter.Audio(src, 0.5, 1.5))) {
            assertTrue(w.hasAudio());
            for (int i = 0; i < 10; i++) {
                w.write(frame(32, 32, 50));
            }
            w.commit();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertTrue(g.hasAudio(), "the result has the source's audio");
            assertEquals(16000, g.getSampleRate());
            double seconds = g.getLengthInTime() / 1e6;
            assertTrue(seconds > 0.9 && seconds < 1.3, "about one second long: " + seconds);
            g.stop();
        }
    }

    @Test
    void unwritableTargetIsNamed(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        VideoException e = assertThrows(VideoException.class,
                () -> VideoWriter.open(blocker.resolve("sub").resolve("out.mp4"), 32, 32, 10, null));
        assertTrue(e.getMessage().contains("out.mp4"), e.getMessage());
        VideoException odd = assertThrows(VideoException.class, () -> VideoWriter.open(tmp.resolve("o.mp4"), 33, 32, 10, null));
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
    }
}
