/**
 * The whole avatar ({@link org.tri2plane.core.model.Tri2PlaneModel}), its training forward pass,
 * its files and the training-checkpoint format read by training and rendering.
 */
package org.tri2plane.core.model;
