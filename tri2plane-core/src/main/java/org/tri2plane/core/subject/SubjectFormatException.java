package org.tri2plane.core.subject;

/** A subject directory that is missing, incomplete or of another format; the message says which file. */
public class SubjectFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubjectFormatException(String message) {
        super(message);
    }

    public SubjectFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
