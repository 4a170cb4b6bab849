/**
 * {@code tri2plane track}: the pipeline that turns a video into a subject directory, and its five
 * resumable stages.
 */
package org.tri2plane.tracking;
