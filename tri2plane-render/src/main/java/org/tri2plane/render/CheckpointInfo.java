package org.tri2plane.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What rendering needs to know about a training checkpoint ({@code checkpoint.json}): its step
 * and which subject it was trained on (source-video SHA-256, number of training frames).
 */
public record CheckpointInfo(Path dir, long step, String subjectSourceSha256, int trainFrames, String subject) {

    /** Reads {@code path} (a run directory or its {@code checkpoint/} folder). */
    public static CheckpointInfo read(Path path) {
        Path dir = Files.isRegularFile(path.resolve("checkpoint.json")) ? path : path.resolve("checkpoint");
        Path file = dir.resolve("checkpoint.json");
        if (!Files.isRegularFile(file)) {
            throw new RenderException(path + " is not a training run or checkpoint (no checkpoint.json in " + path + " or "
                    + path.resolve("checkpoint") + "); train one with: tri2plane train --subject DIR --config FILE --out DIR");
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            return new CheckpointInfo(dir, n.path("step").asLong(), n.path("subjectSourceSha256").asText(),
                    n.path("trainFrames").asInt(), n.path("subject").asText());
        } catch (IOException e) {
            throw new RenderException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
