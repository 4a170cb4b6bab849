/**
 * Encoding MP4 (H.264 with libopenh264, audio copied from the source) under a temporary name
 * renamed on commit.
 */
package org.tri2plane.render.video;
