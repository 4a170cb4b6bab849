package org.tri2plane.cli;

/** A failure whose message is complete for the user (what failed, where, what to do). */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
