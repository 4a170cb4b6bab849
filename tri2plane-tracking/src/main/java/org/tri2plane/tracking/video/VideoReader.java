package org.tri2plane.tracking.video;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.tri2plane.core.image.RgbImage;

/**
 * Decodes a video file with JavaCV's FFmpeg into upright RGB frames. Rotation metadata (the
 * display matrix of phone videos) is applied; frames keep their index in the source so that
 * subsampling ({@code --fps}, {@code --max-frames}) never renumbers them.
 */
public final class VideoReader implements AutoCloseable {

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private int next;

    private VideoReader(Path file, FFmpegFrameGrabber grabber, VideoInfo info) {
        this.file = file;
        this.grabber = grabber;
        this.info = info;
    }

    /** Opens {@code file}; fails with a message naming it when it is missing or not a video. */
    public static VideoReader open(Path file) {
        // FFmpeg would print every container's stream list to stderr; keep only its errors
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        if (!Files.exists(file)) {
            throw new VideoException("video file not found: " + file);
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new VideoException("cannot read " + file + " (not a readable file)");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new VideoException(file + " could not be opened as a video (" + e.getMessage()
                    + "); use a common container such as MP4, MOV, MKV or WebM", e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0 || !g.hasVideo()) {
            closeQuietly(g);
            throw new VideoException(file + " has no video stream");
        }
        int rotation = normaliseRotation(g.getDisplayRotation());
        boolean swap = rotation == 90 || rotation == 270;
        int w = swap ? g.getImageHeight() : g.getImageWidth();
        int h = swap ? g.getImageWidth() : g.getImageHeight();
        double fps = g.getVideoFrameRate() > 0 ? g.getVideoFrameRate() : g.getFrameRate();
        VideoInfo info = new VideoInfo(w, h, fps, Math.max(0, g.getLengthInVideoFrames()), rotation, g.hasAudio());
        return new VideoReader(file, g, info);
    }

    /** Rotation that makes the picture upright, from the display matrix's angle. */
    static int normaliseRotation(double displayRotation) {
        if (Double.isNaN(displayRotation)) {
            return 0;
        }
        // FFmpeg reports the display matrix's counter-clockwise angle; the picture needs the opposite.
        int r = (int) Math.round(-displayRotation / 90.0) * 90;
        return ((r % 360) + 360) % 360;
    }

    public VideoInfo info() {
        return info;
    }

    /** The next frame, or null at the end. */
    public DecodedFrame next() {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new VideoException("decoding " + file + " failed at frame " + next + ": " + e.getMessage(), e);
        }
        if (f == null || f.image == null) {
            return null;
        }
        RgbImage img = rotate(toRgb(f), info.rotation());
        double seconds = grabber.getTimestamp() / 1e6;
        return new DecodedFrame(next++, seconds, img);
    }

    private static RgbImage toRgb(Frame f) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(rgb, y * w * 3, w * 3);
        }
        buf.rewind();
        return new RgbImage(w, h, rgb);
    }

    /** Rotates clockwise by {@code degrees} (0, 90, 180, 270). */
    public static RgbImage rotate(RgbImage img, int degrees) {
        if (degrees == 0) {
            return img;
        }
        int w = img.width();
        int h = img.height();
        boolean swap = degrees == 90 || degrees == 270;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = img.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (degrees) {
                    case 90 -> { sx = y; sy = h - 1 - x; }
                    case 180 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 270 -> { sx = w - 1 - y; sy = x; }
                    default -> throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, was " + degrees);
                }
                System.arraycopy(src, 3 * (sy * w + sx), out, 3 * (y * ow + x), 3);
            }
        }
        return new RgbImage(ow, oh, out);
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing useful to do when closing a failed grabber
        }
    }
}
