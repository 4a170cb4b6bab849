/**
 * The DJL blocks of the Tri²-plane model: condition encoder, mapping network, tri-plane generator
 * and heads, shared NeRF MLP, super-resolution U-Net, per-frame codes.
 */
package org.tri2plane.core.nn;
