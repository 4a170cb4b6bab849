/**
 * One loaded avatar ({@link org.tri2plane.core.avatar.Avatar}): a trained model with the subject
 * it fits, checked once, and the one way to render it ({@link org.tri2plane.core.avatar.View}),
 * used by rendering, validation, the benchmarks and the viewer.
 */
package org.tri2plane.core.avatar;
