/**
 * Face detection (BlazeFace), the 468-point face mesh, selfie segmentation and the tracker that
 * follows a face through a video.
 */
package org.tri2plane.tracking.face;
