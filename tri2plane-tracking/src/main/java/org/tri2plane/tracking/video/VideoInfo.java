package org.tri2plane.tracking.video;

/**
 * What a video reports before decoding: display size after rotation, frame rate, the container's
 * frame-count estimate (may be 0 when unknown), rotation in degrees (0, 90, 180, 270) and whether
 * it has an audio stream.
 */
public record VideoInfo(int width, int height, double fps, int frameCountEstimate, int rotation, boolean hasAudio) {}
