/**
 * Volume rendering of tri-planes: stratified samples along rays, tri-plane feature lookup, the
 * shared MLP, alpha compositing, and where each scale looks.
 */
package org.tri2plane.core.render;
