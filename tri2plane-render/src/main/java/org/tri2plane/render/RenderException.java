package org.tri2plane.render;

/** Rendering cannot proceed with these inputs; the message says why and what to do. */
public class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
