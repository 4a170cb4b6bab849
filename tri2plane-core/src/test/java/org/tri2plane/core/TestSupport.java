package org.tri2plane.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;

/** Shared helpers for core tests: the repository's configs and committed fixtures. */
public final class TestSupport {
    private TestSupport() {}

    /** The repository's configs/ directory (tests run in the module directory). */
    public static Path configsDir() {
        Path p = Path.of("..", "configs");
        if (!Files.isDirectory(p)) {
            p = Path.of("configs");
        }
        return p;
    }

    public static Tri2PlaneConfig config(String name) {
        return new ConfigLoader().load(configsDir().resolve(name + ".json"));
    }

    public static JsonNode fixture(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static float[] floats(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }
}
