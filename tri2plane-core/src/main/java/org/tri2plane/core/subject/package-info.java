/**
 * The subject-directory format every stage shares: {@code subject.json}, frame parameters, the
 * morphable model file, the tracking settings recorded with it, and the frames, masks and condition
 * maps as arrays.
 */
package org.tri2plane.core.subject;
