/**
 * {@code tri2plane render}: requests, one frame planner per mode (self, cross, orbit), the writer
 * of MP4 and PNG outputs, and the render benchmark.
 */
package org.tri2plane.render;
