package org.tri2plane.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;

/**
 * The frames of one side of an evaluation, read in order: a folder of PNG/JPEG images (sorted by
 * name; a frame's index is the last number in its file name, e.g. {@code 000012.png} → 12) or a
 * video file (index = position). Opening counts the frames and reads the size of the first one;
 * every later frame must have that size.
 */
public final class FrameSource implements AutoCloseable {

    private static final Pattern NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    private final Path path;
    private final List<Path> files;
    private final List<Integer> indices;
    private final int width;
    private final int height;
    private VideoReader video;
    private int position;

    private FrameSource(Path path, List<Path> files, List<Integer> indices, int width, int height, VideoReader video) {
        this.path = path;
        this.files = files;
        this.indices = indices;
        this.width = width;
        this.height = height;
        this.video = video;
    }

    /** Opens a folder of images or a video file. */
    public static FrameSource open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (var s = Files.list(path)) {
                files = s.filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
                }).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new EvalException(path + " holds no PNG or JPEG frames");
            }
            List<Integer> indices = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            boolean numbered = true;
            for (Path f : files) {
                Matcher m = NUMBER.matcher(f.getFileName().toString());
                if (!m.find() || !seen.add(Integer.parseInt(m.group(1)))) {
                    numbered = false;
                    break;
                }
                indices.add(Integer.parseInt(m.group(1)));
            }
            if (!numbered) {
                indices.clear();
                for (int i = 0; i < files.size(); i++) {
                    indices.add(i);
                }
            }
            RgbImage first = read(files.get(0));
            return new FrameSource(path, files, List.copyOf(indices), first.width(), first.height(), null);
        }
        int count = 0;
        int w;
        int h;
        try (VideoReader r = VideoReader.open(path)) {
            w = r.info().width();
            h = r.info().height();
            while (r.next() != null) {
                count++;
            }
        }
        if (count == 0) {
            throw new EvalException(path + " has no decodable frames");
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indices.add(i);
        }
        return new FrameSource(path, null, List.copyOf(indices), w, h, null);
    }

    private static RgbImage read(Path file) throws IOException {
        try {
            return RgbImage.read(file);
        } catch (IOException e) {
            throw new EvalException("cannot read frame " + file + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Frame indices in reading order. */
    public List<Integer> indices() {
        return indices;
    }

    public int count() {
        return indices.size();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The next frame (in index order). */
    public RgbImage next() throws IOException {
        if (position >= indices.size()) {
            throw new IllegalStateException("no more frames in " + path);
        }
        RgbImage img;
        String where;
        if (files != null) {
            img = read(files.get(position));
            where = files.get(position).toString();
        } else {
            if (video == null) {
                video = VideoReader.open(path);
            }
            DecodedFrame f = video.next();
            if (f == null) {
                throw new EvalException(path + " ended after " + position + " frames while reading it again");
            }
            img = f.image();
            where = path + " frame " + position;
        }
        if (img.width() != width || img.height() != height) {
            throw new EvalException(where + " is " + img.width() + " x " + img.height() + ", the first frame " + width + " x "
                    + height + ": every frame of one side must have the same size");
        }
        position++;
        return img;
    }

    @Override
    public void close() {
        if (video != null) {
            video.close();
            video = null;
        }
    }
}
