/**
 * Decoding videos with FFmpeg (through JavaCV), rotation honoured.
 */
package org.tri2plane.tracking.video;
