/**
 * Strict JSON configs of the model: one record per section, every key required, unknown keys
 * refused, ranges checked with the key named; {@code with(...)} copies change keys by name.
 */
package org.tri2plane.core.config;
