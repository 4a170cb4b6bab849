/**
 * Cameras, poses and rotations (the one home of rotation maths), ray generation in canonical space,
 * pixel windows and the sliding window, small dense linear algebra.
 */
package org.tri2plane.core.geometry;
