/**
 * {@code tri2plane view}: a local web page that renders an avatar as its sliders move (head turn,
 * expression coefficients, canonical view, held-out frames played at the source rate), served by
 * the JDK's HTTP server on the loopback interface.
 */
package org.tri2plane.render.view;
