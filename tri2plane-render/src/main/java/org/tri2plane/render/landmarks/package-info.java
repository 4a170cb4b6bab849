/**
 * Face landmarks and what a render was asked: the 68-point landmarks of the tracker's mesh, the
 * expected landmarks and parameters that {@code tri2plane render --landmarks/--expected-params}
 * writes for evaluation to read, and the pose and expression accuracy (APD, AED) against them.
 */
package org.tri2plane.render.landmarks;
