/**
 * The front-view texture and normal condition maps, drawn with core's rasteriser.
 */
package org.tri2plane.tracking.raster;
