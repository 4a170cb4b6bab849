package org.tri2plane.tracking.assets;

/** An asset that cannot be fetched or verified; the message says what to do. */
public class AssetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AssetException(String message) {
        super(message);
    }

    public AssetException(String message, Throwable cause) {
        super(message, cause);
    }
}
