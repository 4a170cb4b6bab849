package org.tri2plane.render;

import java.nio.file.Path;

/** What a render produced: frames, their side, fps, codec (null without MP4), whether audio was muxed, timing. */
public record RenderSummary(int frames, int width, int height, double fps, String codec, boolean audio, Path mp4,
        Path pngDir, double framesPerSecond, double seconds) {}
