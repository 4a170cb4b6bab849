/**
 * {@code tri2plane train}: the training run over a subject directory, its listeners (log, previews,
 * validation, checkpoints, the non-finite stop), dataset, step plans and losses.
 */
package org.tri2plane.train;
