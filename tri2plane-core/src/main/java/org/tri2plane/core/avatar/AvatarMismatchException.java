package org.tri2plane.core.avatar;

/** A checkpoint that does not fit the subject it is asked to render (another video, other expression coefficients). */
public class AvatarMismatchException extends RuntimeException {

    public AvatarMismatchException(String message) {
        super(message);
    }
}
