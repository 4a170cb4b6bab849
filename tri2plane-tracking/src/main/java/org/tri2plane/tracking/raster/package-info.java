/**
 * A triangle rasteriser and the front-view texture and normal condition maps drawn with it.
 */
package org.tri2plane.tracking.raster;
