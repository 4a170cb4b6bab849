package org.tri2plane.tracking.video;

/** A video that cannot be opened or decoded; the message names the file. */
public class VideoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VideoException(String message) {
        super(message);
    }

    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
