/**
 * Many subjects on Apache Spark: a manifest of subjects, one task per subject that runs track,
 * train, render and eval through the same module APIs as the command line, retried by Spark and
 * resumed where it stopped, and one Table 1 for all of them.
 */
package org.tri2plane.batch;
