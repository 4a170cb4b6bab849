package org.tri2plane.tracking.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;

class VideoReaderTest {

    /** Writes {@code n} frames of w x h: frame i is grey level 20·i on the left half, 200 on the right. */
    static Path writeVideo(Path file, int w, int h, int n, double fps) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(1);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.start();
            for (int i = 0; i < n; i++) {
                Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = x < w / 2 ? 20 * i : 200;
                        int p = y * f.imageStride + 3 * x;
                        b.put(p, (byte) v).put(p + 1, (byte) v).put(p + 2, (byte) v);
                    }
                }
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }

    @Test
    void decodesEveryFrameInOrderWithItsContent(@TempDir Path tmp) throws Exception {
        Path video = writeVideo(tmp.resolve("v.mp4"), 64, 48, 12, 10);
        try (VideoReader r = VideoReader.open(video)) {
            assertEquals(64, r.info().width());
            assertEquals(48, r.info().height());
            assertEquals(10.0, r.info().fps(), 1e-6);
            assertEquals(0, r.info().rotation());
            for (int i = 0; i < 12; i++) {
                DecodedFrame f = r.next();
                assertEquals(i, f.index());
                assertEquals(i / 10.0, f.seconds(), 0.051);
                RgbImage img = f.image();
                assertEquals(20 * i, img.get(10, 24, 0), 6, "left half of frame " + i);
                assertEquals(200, img.get(50, 24, 1), 6, "right half of frame " + i);
            }
            assertNull(r.next());
        }
    }

    @Test
    void rotationMetadataIsHonoured() throws Exception {
        // fixtures/rotate90.mp4: 64 x 48, black left half, grey right half, tagged with a display
        // matrix of 90° (counter-clockwise), made with: ffmpeg -i plain.mp4 -c copy
        // -metadata:s:v:0 rotate=90 rotate90.mp4. FFmpeg's own player shows it 48 x 64 with the
        // black half at the bottom; so must we.
        Path video = Path.of(VideoReaderTest.class.getResource("/fixtures/rotate90.mp4").toURI());
        try (VideoReader r = VideoReader.open(video)) {
            assertEquals(270, r.info().rotation(), "clockwise rotation applied");
            assertEquals(48, r.info().width());
            assertEquals(64, r.info().height());
            RgbImage img = r.next().image();
            assertEquals(48, img.width());
            assertEquals(64, img.height());
            assertEquals(128, img.get(24, 5, 0), 8);
            assertEquals(0, img.get(24, 58, 0), 8);
        }
    }

    @Test
    void rotateByHand() {
        // 2 x 1 image: red, green → 90° clockwise: red above green
        RgbImage img = new RgbImage(2, 1, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0});
        RgbImage r = VideoReader.rotate(img, 90);
        assertEquals(1, r.width());
        assertEquals(2, r.height());
        assertEquals(255, r.get(0, 0, 0));
        assertEquals(255, r.get(0, 1, 1));
        RgbImage r270 = VideoReader.rotate(img, 270);
        assertEquals(255, r270.get(0, 0, 1));
        assertEquals(255, VideoReader.rotate(img, 180).get(0, 0, 1));
        assertEquals(90, VideoReader.normaliseRotation(-90));
        assertEquals(270, VideoReader.normaliseRotation(90));
        assertEquals(0, VideoReader.normaliseRotation(Double.NaN));
    }

    @Test
    void badInputsAreNamed(@TempDir Path tmp) throws IOException {
        VideoException missing = assertThrows(VideoException.class, () -> VideoReader.open(tmp.resolve("none.mp4")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        VideoException notVideo = assertThrows(VideoException.class, () -> VideoReader.open(text));
        assertTrue(notVideo.getMessage().contains("notes.mp4"), notVideo.getMessage());
        VideoException dir = assertThrows(VideoException.class, () -> VideoReader.open(tmp));
        assertTrue(dir.getMessage().contains("not a readable file"), dir.getMessage());
    }
}
