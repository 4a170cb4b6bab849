/**
 * {@code tri2plane report}: one self-contained static page about an avatar (tracking, training,
 * videos, Table 1 with CSIM / APD / AED, per-frame plots, worst frames, machine and config).
 */
package org.tri2plane.eval.report;
