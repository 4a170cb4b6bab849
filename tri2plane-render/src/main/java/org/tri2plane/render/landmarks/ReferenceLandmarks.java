package org.tri2plane.render.landmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.util.AtomicFiles;

/**
 * Expected F-LMD landmarks per output frame, as JSON lines {@code {"frame": k, "source": i,
 * "points": [x0, y0, ... x67, y67]}} in 512² pixels: {@code frame} is the position in the rendered
 * sequence, {@code source} the subject's or driver's frame index. {@code tri2plane render
 * --landmarks} writes them from the tracked or transferred mesh; {@code tri2plane eval
 * --gt-landmarks} measures F-LMD against them (cross-reenactment has no ground-truth image).
 */
public final class ReferenceLandmarks {

    /** One frame's expected landmarks. */
    public record Frame(int frame, int source, double[] points) {}

    private ReferenceLandmarks() {}

    public static void write(Path file, List<Frame> frames) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (Frame f : frames) {
            sb.append(json.writeValueAsString(f)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<Frame> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LandmarkFileException("landmark file not found: " + file + " (write one with tri2plane render --landmarks FILE)");
        }
        ObjectMapper json = new ObjectMapper();
        List<Frame> out = new ArrayList<>();
        int line = 0;
        for (String l : Files.readAllLines(file)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            try {
                JsonNode n = json.readTree(l);
                JsonNode p = n.get("points");
                if (p == null || !p.isArray() || p.size() != 2 * Landmarks68.COUNT || !n.has("frame")) {
                    throw new LandmarkFileException(file + " line " + line + ": expected {\"frame\", \"source\", \"points\": 136 numbers}");
                }
                double[] pts = new double[p.size()];
                for (int i = 0; i < pts.length; i++) {
                    pts[i] = p.get(i).asDouble();
                }
                out.add(new Frame(n.get("frame").asInt(), n.path("source").asInt(-1), pts));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new LandmarkFileException(file + " line " + line + " is not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }
}
