package org.tri2plane.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The subjects of a batch: a CSV (read by Jackson's CSV reader, so cells may be quoted) with the
 * header {@code name,video,driver,config,steps}; driver may be empty; relative paths are resolved against the manifest's folder. Names must be unique and
 * usable as folder names (each subject writes only under its own folder).
 */
public final class Manifest {

    /** The header a manifest must start with. */
    public static final String HEADER = "name,video,driver,config,steps";

    /** One subject: its name, video, optional driver video, model config and training steps. */
    public record Subject(String name, String video, String driver, String config, int steps) implements Serializable {}

    private Manifest() {}

    /**
     * Reads and checks a manifest (RFC 4180 CSV: a cell may be quoted, so a path may hold commas
     * or quotes; lines starting with '#' and empty lines are skipped); a bad line is refused with
     * its number and what is wrong.
     */
    public static List<Subject> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BatchException("manifest not found: " + file);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Subject> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES).enable(CsvParser.Feature.ALLOW_COMMENTS);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvParser parser = mapper.getFactory().createParser(reader)) {
            parser.setSchema(CsvSchema.emptySchema());
            boolean header = true;
            while (true) {
                JsonToken token;
                try {
                    token = parser.nextToken();
                } catch (JsonProcessingException e) {
                    throw new BatchException(file + " line " + e.getLocation().getLineNr() + ": not valid CSV ("
                            + e.getOriginalMessage() + "); quote a cell that holds commas or quotes, doubling its quotes");
                }
                if (token == null) {
                    break;
                }
                int line = -1;
                List<String> cells = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    line = line < 0 ? parser.currentTokenLocation().getLineNr() : line;
                    cells.add(parser.getText());
                }
                if (header) {
                    if (!String.join(",", cells.stream().map(String::trim).toList()).equals(HEADER)) {
                        throw new BatchException(file + ": the first line must be the header '" + HEADER + "'");
                    }
                    header = false;
                    continue;
                }
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                out.add(subject(file, line, cells.toArray(String[]::new), dir, names));
            }
            if (header) {
                throw new BatchException(file + ": the first line must be the header '" + HEADER + "'");
            }
        }
        if (out.isEmpty()) {
            throw new BatchException(file + " lists no subject");
        }
        return out;
    }

    private static Subject subject(Path file, int line, String[] cells, Path dir, Set<String> names) {
        String where = file + " line " + line + ": ";
        if (cells.length != 5) {
            throw new BatchException(where + "expected 5 columns (" + HEADER + "), got " + cells.length);
        }
        String name = cells[0].trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new BatchException(where + "name '" + name + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
        }
        if (!names.add(name)) {
            throw new BatchException(where + "name '" + name + "' appears twice; two tasks must never write the same subject");
        }
        int steps;
        try {
            steps = Integer.parseInt(cells[4].trim());
        } catch (NumberFormatException e) {
            throw new BatchException(where + "steps must be a whole number, was '" + cells[4].trim() + "'");
        }
        if (steps < 1) {
            throw new BatchException(where + "steps must be at least 1, was " + steps);
        }
        String driver = cells[2].trim();
        return new Subject(name, resolve(dir, cells[1], where + "video"), driver.isEmpty() ? null : resolve(dir, driver, where + "driver"),
                resolve(dir, cells[3], where + "config"), steps);
    }

    private static String resolve(Path dir, String cell, String what) {
        String v = cell.trim();
        if (v.isEmpty()) {
            throw new BatchException(what + " is empty; give a file path (relative paths are resolved against the manifest's folder)");
        }
        return dir.resolve(v).normalize().toString();
    }
}
