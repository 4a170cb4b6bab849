/**
 * {@code tri2plane bench-step}: timing full training steps split into stages, with the memory trace
 * and the CPU's peak.
 */
package org.tri2plane.train.bench;
