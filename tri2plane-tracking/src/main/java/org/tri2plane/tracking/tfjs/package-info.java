/**
 * Running TensorFlow.js graph models on DJL: the model file, its weights and the graph executor
 * with TensorFlow semantics.
 */
package org.tri2plane.tracking.tfjs;
