/**
 * The {@code tri2plane} command line: each command parses options and calls one module API; no
 * logic of its own.
 */
package org.tri2plane.cli;
