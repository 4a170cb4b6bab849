package org.tri2plane.core.model;

/** A saved model that cannot be read or does not match what the caller expects; names the path. */
public class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
