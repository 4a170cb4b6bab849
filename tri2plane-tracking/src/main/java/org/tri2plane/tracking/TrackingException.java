package org.tri2plane.tracking;

/** Tracking cannot produce a usable subject from this input; the message says why and what to do. */
public class TrackingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrackingException(String message) {
        super(message);
    }

    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
