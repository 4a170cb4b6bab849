package org.tri2plane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tri2plane json}: one value of a JSON or JSON Lines file, for scripts (no grep over pretty-printing). */
@Command(
        name = "json",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the value at a JSON pointer (RFC 6901, e.g. /step or /djl/step/median) of a JSON file:",
            "text for a string, number or boolean, compact JSON for an object or array. For JSON Lines",
            "files (*.jsonl) --line picks one line (1 = first, -1 = last) and --all-lines prints the value",
            "of every line; --drop KEY removes a top-level key first. Exits 1, naming the file and pointer,",
            "when there is no such value."
        })
final class JsonCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A JSON or JSON Lines file.")
    private Path file;

    @Parameters(index = "1", paramLabel = "POINTER", defaultValue = "", description = "JSON pointer (default: the whole document).")
    private String pointer;

    @Option(names = "--line", paramLabel = "N", description = "Line N of a JSON Lines file (1 = first, -1 = last).")
    private Integer line;

    @Option(names = "--all-lines", description = "The value on every line of a JSON Lines file, one per output line.")
    private boolean allLines;

    @Option(names = "--drop", paramLabel = "KEY",
            description = "Remove this top-level key of each document first (repeatable; e.g. the timings of a log).")
    private List<String> drop = new ArrayList<>();

    @Override
    public Integer call() {
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new UsageException("POINTER must start with '/' (e.g. /step), was '" + pointer + "'");
        }
        if (line != null && allLines) {
            throw new UsageException("give --line N or --all-lines, not both");
        }
        List<JsonNode> docs = documents();
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode doc : docs) {
            if (doc.isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc).remove(drop);
            }
            JsonNode v = doc.at(pointer);
            if (v.isMissingNode()) {
                throw new CliException(file + " has no value at '" + pointer + "'"
                        + (docs.size() > 1 ? " on every line" : ""));
            }
            out.println(v.isValueNode() ? v.asText() : v.toString());
        }
        out.flush();
        return 0;
    }

    /** The documents asked for: the file, one of its lines, or all of them. */
    private List<JsonNode> documents() {
        try {
            if (line == null && !allLines) {
                return List.of(JSON.readTree(file.toFile()));
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                if (!l.isBlank()) {
                    lines.add(JSON.readTree(l));
                }
            }
            if (allLines) {
                return lines;
            }
            int i = line > 0 ? line - 1 : lines.size() + line;
            if (line == 0 || i < 0 || i >= lines.size()) {
                throw new CliException(file + " has " + lines.size() + " lines; --line " + line + " is not one of them");
            }
            return List.of(lines.get(i));
        } catch (NoSuchFileException e) {
            throw new CliException(file + " does not exist");
        } catch (IOException e) {
            throw new CliException(file + " is not valid JSON" + (line != null || allLines ? " Lines" : "") + ": "
                    + e.getMessage());
        }
    }
}
