package org.tri2plane.core.model;

import java.util.Map;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * The JSON header ({@code model.json}) beside a model's DJL parameter file: what format it is,
 * the full config it was built with, the γ table size, parameter counts, and the parameter file's
 * SHA-256 so that a truncated or altered file is detected.
 */
public record ModelHeader(
        String format,
        int formatVersion,
        Tri2PlaneConfig config,
        int trainingFrames,
        long parameterCount,
        Map<String, Long> blockParameters,
        String parametersFile,
        String parametersSha256) {

    /** Value of {@link #format()} for Tri2plane-J models. */
    public static final String FORMAT = "tri2plane-model";

    /**
     * Current format version; older ones are refused with a message. Version 2: the mapping
     * network normalises its embedding and has a learning-rate multiplier, the plane skip
     * upsamples with aligned corners and the training config holds per-block rates and a schedule,
     * so a version-1 model would load into a different function.
     */
    public static final int VERSION = 2;
}
