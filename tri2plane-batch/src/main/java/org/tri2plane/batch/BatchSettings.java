package org.tri2plane.batch;

import java.io.Serializable;

/**
 * How every subject of a batch is processed: the output root (shared storage on a cluster), the
 * tracking options ({@code --fps}, {@code --max-frames}, a settings file or null for the
 * defaults), the asset cache (null: the default), and for tests a failure to inject once
 * ({@code failOnceSubject} after its training step {@code failOnceStep}).
 */
public record BatchSettings(String out, Double fps, Integer maxFrames, String trackingSettings, String assetsDir,
        String failOnceSubject, int failOnceStep) implements Serializable {

    /** Settings without an injected failure. */
    public BatchSettings(String out, Double fps, Integer maxFrames, String trackingSettings, String assetsDir) {
        this(out, fps, maxFrames, trackingSettings, assetsDir, null, 0);
    }
}
