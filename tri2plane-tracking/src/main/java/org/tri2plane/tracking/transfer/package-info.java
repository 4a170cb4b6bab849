/**
 * Relative expression and head-motion transfer from a driver to a target subject
 * (cross-reenactment).
 */
package org.tri2plane.tracking.transfer;
