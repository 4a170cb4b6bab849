package org.tri2plane.render.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.video.VideoException;

/**
 * Writes an MP4 with JavaCV's FFmpeg: H.264 through the libopenh264 encoder of the LGPL build
 * (MPEG-4 part 2 if that encoder is missing), yuv420p, at a given frame rate, optionally with an
 * audio track copied from a time range of another file. Frames go to a hidden temporary file in
 * the target's folder; {@link #commit()} renames it into place, {@link #close()} without a commit
 * deletes it, so no partial MP4 ever carries the final name.
 */
public final class VideoWriter implements AutoCloseable {

    /** An audio source: a media file and the time range [from, to) seconds to copy. */
    public record Audio(Path file, double fromSeconds, double toSeconds) {}

    private final Path target;
    private final Path temp;
    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private final Audio audio;
    private final String codec;
    private boolean committed;
    private int frames;

    private VideoWriter(Path target, Path temp, FFmpegFrameRecorder recorder, int width, int height, Audio audio, String codec) {
        this.target = target;
        this.temp = temp;
        this.recorder = recorder;
        this.width = width;
        this.height = height;
        this.audio = audio;
        this.codec = codec;
    }

    /** Opens a writer for {@code width x height} frames (even sizes) at {@code fps}; {@code audio} may be null. */
    public static VideoWriter open(Path target, int width, int height, double fps, Audio audio) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new VideoException("H.264 needs even frame sizes, got " + width + "x" + height);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path temp;
        try {
            // a run killed while writing leaves it behind: AtomicFiles.recoverFile(target) removes it
            temp = org.tri2plane.core.util.AtomicFiles.newTemporaryFile(target, ".mp4");
        } catch (IOException e) {
            throw new VideoException("cannot write " + target + ": " + e.getMessage()
                    + " (check that the folder exists and is writable)", e);
        }
        int[] audioFormat = audio == null ? new int[] {0, 0} : audioFormat(audio);
        int channels = audioFormat[0];
        int rate = audioFormat[1];
        String[] codecs = {"libopenh264", null};
        for (String name : codecs) {
            FFmpegFrameRecorder rec = new FFmpegFrameRecorder(temp.toFile(), width, height, channels);
            rec.setFormat("mp4");
            rec.setFrameRate(fps);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoBitrate(Math.max(1_000_000, width * height * 8));
            if (name != null) {
                rec.setVideoCodecName(name);
            } else {
                rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                rec.setVideoQuality(2);
            }
            if (channels > 0) {
                rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(rate);
                rec.setAudioBitrate(128_000);
            }
            try {
                rec.start();
                return new VideoWriter(target, temp, rec, width, height, channels > 0 ? audio : null,
                        name != null ? "h264 (libopenh264)" : "mpeg4");
            } catch (FrameRecorder.Exception | RuntimeException e) {
                try {
                    rec.release();
                } catch (FrameRecorder.Exception ignored) {
                    // the next codec is tried
                }
                if (name == null) {
                    deleteQuietly(temp);
                    throw new VideoException("cannot encode video " + target + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Channels and sample rate of the audio source; {0, 0} (no audio) when it cannot be read. */
    private static int[] audioFormat(Audio audio) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(audio.file().toFile())) {
            g.start();
            int[] format = {g.getAudioChannels(), g.getSampleRate()};
            g.stop();
            return format;
        } catch (FrameGrabber.Exception e) {
            return new int[] {0, 0};
        }
    }

    /** Appends one frame (size as opened). */
    public void write(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame is " + image.width() + "x" + image.height() + ", the video " + width + "x" + height);
        }
        Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        ByteBuffer b = (ByteBuffer) f.image[0];
        byte[] rgb = image.rgb();
        for (int y = 0; y < height; y++) {
            b.position(y * f.imageStride);
            b.put(rgb, y * width * 3, width * 3);
        }
        b.rewind();
        try {
            recorder.record(f, avutil.AV_PIX_FMT_RGB24);
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw new VideoException("encoding frame " + frames + " of " + target + " failed: " + e.getMessage()
                    + " (check that its disk has free space and is writable)", e);
        }
    }

    /** Copies the audio range, finishes the file and moves it to its final name. */
    public void commit() {
        try {
            if (audio != null) {
                copyAudio();
            }
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new VideoException("finishing " + target + " failed: " + e.getMessage()
                    + " (check that its disk has free space and is writable)", e);
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new VideoException("cannot move the finished video to " + target + ": " + e.getMessage(), e);
        }
        committed = true;
    }

    private void copyAudio() throws FrameRecorder.Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(audio.file().toFile())) {
            g.start();
            long from = (long) (audio.fromSeconds() * 1e6);
            long to = (long) (audio.toSeconds() * 1e6);
            if (from > 0) {
                g.setAudioTimestamp(from);
            }
            Frame s;
            while ((s = g.grabSamples()) != null) {
                if (g.getTimestamp() >= to) {
                    break;
                }
                if (g.getTimestamp() < from) {
                    continue;
                }
                recorder.setTimestamp(g.getTimestamp() - from);
                recorder.record(s);
            }
        } catch (FrameGrabber.Exception e) {
            throw new VideoException("copying audio from " + audio.file() + " failed: " + e.getMessage(), e);
        }
    }

    /** Frames written so far. */
    public int frameCount() {
        return frames;
    }

    /** The video codec in use. */
    public String codec() {
        return codec;
    }

    /** Whether an audio track is being written. */
    public boolean hasAudio() {
        return audio != null;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // the file is deleted anyway
            }
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a hidden .part.mp4 may remain; it never carries the final name
        }
    }
}
