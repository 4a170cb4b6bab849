package org.tri2plane.batch;

/** A batch cannot start or a subject failed; the message says which and why. */
public class BatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatchException(String message) {
        super(message);
    }

    public BatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
