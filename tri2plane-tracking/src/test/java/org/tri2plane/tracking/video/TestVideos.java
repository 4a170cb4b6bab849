package org.tri2plane.tracking.video;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small videos made for tests (shared with the render tests through the test jar). */
public final class TestVideos {

    private TestVideos() {}

    /** A 2 s, 10 fps, 32 x 32 MPEG-4 video (black frames) with a 440 Hz tone at 16 kHz. */
    public static Path withTone(Path file) throws IOException {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 32, 32, 1)) {
            rec.setFormat("mp4");
            rec.setFrameRate(10);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(16000);
            rec.start();
            short[] samples = new short[16000 * 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            }
            for (int i = 0; i < 20; i++) {
                rec.record(new Frame(32, 32, Frame.DEPTH_UBYTE, 3));
            }
            rec.recordSamples(16000, 1, ShortBuffer.wrap(samples));
            rec.stop();
        }
        return file;
    }
}
