/**
 * Adam whose moments are ours to save in checkpoints.
 */
package org.tri2plane.core.optim;
