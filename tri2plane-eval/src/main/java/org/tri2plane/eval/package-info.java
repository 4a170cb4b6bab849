/**
 * {@code tri2plane eval} and {@code eval-report}: the metrics of rendered frames against ground
 * truth, F-LMD, the Table 1 report and the study report.
 */
package org.tri2plane.eval;
