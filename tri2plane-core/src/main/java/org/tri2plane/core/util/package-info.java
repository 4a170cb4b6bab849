/**
 * Helpers every module uses: autograd-safe scalars, no-grad regions, atomic files and their
 * recovery, contained paths, progress bars, statistics, process readings and the environment
 * report.
 */
package org.tri2plane.core.util;
