/**
 * The whole-system benchmark report that {@code scripts/bench.sh} assembles from its parts.
 */
package org.tri2plane.eval.bench;
