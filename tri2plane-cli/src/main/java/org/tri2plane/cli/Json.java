package org.tri2plane.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Indented JSON for the commands' {@code --json} output and reports. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static String pretty(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    /** A benchmark report: written atomically to {@code out} (noted on {@code err}), or printed on {@code stdout} without one. */
    static void report(Object value, java.nio.file.Path out, java.io.PrintWriter stdout, java.io.PrintWriter err)
            throws java.io.IOException {
        String json = pretty(value);
        if (out != null) {
            org.tri2plane.core.util.AtomicFiles.writeString(out, json + "\n");
            err.println("wrote " + out);
        } else {
            stdout.println(json);
        }
    }
}
