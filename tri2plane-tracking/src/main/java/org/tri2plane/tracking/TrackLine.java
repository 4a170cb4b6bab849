package org.tri2plane.tracking;

/** One line of the landmark stage's {@code track.jsonl}: a decoded frame, its time, its 468 3-D landmarks or why it was dropped. */
record TrackLine(int index, double seconds, double[] points, String drop) {}
