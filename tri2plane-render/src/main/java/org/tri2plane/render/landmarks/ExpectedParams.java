package org.tri2plane.render.landmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.util.AtomicFiles;

/**
 * What {@code render --expected-params} writes and evaluation's APD / AED read: the subject, the
 * camera at 512², and per output frame the parameters it was rendered from.
 */
public record ExpectedParams(String subject, Camera camera, List<Frame> frames) {

    /** One rendered frame's parameters: its position, source frame, pose (R row-major, T) and β. */
    public record Frame(int frame, int source, double[] rotation, double[] translation, double[] beta) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an expected-parameters file. */
    public static ExpectedParams read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LandmarkFileException("parameter file not found: " + file + " (write one with tri2plane render --expected-params FILE)");
        }
        try {
            return JSON.readValue(file.toFile(), ExpectedParams.class);
        } catch (IOException ex) {
            throw new LandmarkFileException(file + " is not an expected-parameters file: " + ex.getMessage(), ex);
        }
    }

    /** Writes it to {@code file} (whole or not at all). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    }
}
