package org.tri2plane.render.landmarks;

/** A landmark or expected-parameters file that cannot be read; the message names the file and what to do. */
public final class LandmarkFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LandmarkFileException(String message) {
        super(message);
    }

    public LandmarkFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
