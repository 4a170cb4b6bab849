package org.tri2plane.tracking.video;

import org.tri2plane.core.image.RgbImage;

/** One decoded frame: its index in the source video, its timestamp in seconds, the RGB image (rotated upright). */
public record DecodedFrame(int index, double seconds, RgbImage image) {}
