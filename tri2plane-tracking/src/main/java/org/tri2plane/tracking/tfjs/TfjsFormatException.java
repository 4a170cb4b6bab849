package org.tri2plane.tracking.tfjs;

/** A TFJS model file that cannot be read or uses something this loader does not support. */
public class TfjsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TfjsFormatException(String message) {
        super(message);
    }

    public TfjsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
