/**
 * A software triangle rasteriser with a depth buffer: the tracker draws its condition maps with
 * it, training the tracked face's depth along its rays.
 */
package org.tri2plane.core.raster;
