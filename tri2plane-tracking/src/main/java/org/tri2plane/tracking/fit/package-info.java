/**
 * The subject's own morphable model and the per-frame fit of pose and expression coefficients.
 */
package org.tri2plane.tracking.fit;
