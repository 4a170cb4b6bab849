/**
 * RGB images: reading and atomic PNG writing, PNG integrity checks, warps and resizes, line charts.
 */
package org.tri2plane.core.image;
