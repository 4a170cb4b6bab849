package org.tri2plane.eval;

/** An evaluation that cannot run as asked (mismatched inputs, unreadable frames); the message says which file and what to do. */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
