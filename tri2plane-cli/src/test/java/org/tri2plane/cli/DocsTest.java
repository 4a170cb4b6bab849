package org.tri2plane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs name what exists: every command the CLI registers in docs/architecture.md, every config
 * key they name in the shipped configs, every test method they cite in its test class, every
 * repository path they give on disk.
 */
class DocsTest {

    private static final Path ROOT = Files.isRegularFile(Path.of("../README.md")) ? Path.of("..") : Path.of(".");

    /** The config's top-level sections: a backticked {@code section.key} in the docs names a key. */
    private static final Pattern KEY = Pattern.compile(
            "`((?:frame|condition|latents|encoder|mapping|generator|field|rendering|superResolution|loss|training|geometry)"
                    + "\\.[a-z][A-Za-z0-9./]*)(?:=[^`]*)?`");
    private static final Pattern TEST_METHOD = Pattern.compile("\\b([A-Z][A-Za-z0-9]+Test)[.#]([a-z][A-Za-z0-9]+)\\b");
    private static final Pattern REPO_PATH = Pattern.compile("\\b((?:tri2plane-[a-z]+|scripts|configs|docs)/[A-Za-z0-9_./-]+)");

    private static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** What a doc names at one match of a pattern that does not exist (empty: all of it exists). */
    private interface MatchCheck {
        List<String> absent(Matcher match) throws IOException;
    }

    /** Every match of {@code pattern} in README and docs that {@code check} finds absent, as "doc: what". */
    private static Set<String> problems(Pattern pattern, MatchCheck check) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path doc : docs()) {
            Matcher m = pattern.matcher(Files.readString(doc));
            while (m.find()) {
                for (String what : check.absent(m)) {
                    out.add(ROOT.relativize(doc) + ": " + what);
                }
            }
        }
        return out;
    }

    @Test
    void architectureNamesEveryRegisteredCommand() throws IOException {
        String arch = Files.readString(ROOT.resolve("docs/architecture.md"));
        Set<String> missing = new TreeSet<>();
        for (String name : Tri2planeCommand.commandLine().getSubcommands().keySet()) {
            if (!arch.contains("`" + name + "`")) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing, "commands the CLI registers that docs/architecture.md does not name");
    }

    @Test
    void everyConfigKeyTheDocsNameExists() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> configs = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("configs"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("tracking")).toList()) {
                configs.add(json.readTree(p.toFile()));
            }
        }
        Set<String> missing = problems(KEY, m -> {
            String key = m.group(1).replaceAll("[./]+$", "");
            // "rendering.boxMin/boxMax" names two keys of one section
            String section = key.substring(0, key.lastIndexOf('.') + 1);
            List<String> absent = new ArrayList<>();
            for (String last : key.substring(section.length()).split("/")) {
                if (!exists(configs, section + last)) {
                    absent.add(section + last);
                }
            }
            return absent;
        });
        assertEquals(Set.of(), missing, "config keys the docs name that no shipped config has");
    }

    /** Whether {@code dotted} is a path in one of the configs; any key below a map (blockLearningRates) counts. */
    private static boolean exists(List<JsonNode> configs, String dotted) {
        for (JsonNode c : configs) {
            JsonNode node = c;
            JsonNode map = c.at("/training/blockLearningRates");
            for (String part : dotted.split("\\.")) {
                if (node == map) {
                    return true;
                }
                node = node == null ? null : node.get(part);
            }
            if (node != null) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyCitedTestMethodExists() throws IOException {
        Set<String> missing = problems(TEST_METHOD, m -> {
            Path source = testSource(m.group(1));
            return source == null || !Files.readString(source).contains("void " + m.group(2) + "(")
                    ? List.of(m.group(1) + "." + m.group(2)) : List.of();
        });
        assertEquals(Set.of(), missing, "tests the docs cite that do not exist");
    }

    private static Path testSource(String className) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.getFileName().toString().equals(className + ".java") && p.toString().contains("src/test"))
                    .findFirst().orElse(null);
        }
    }

    @Test
    void everyRepositoryPathTheDocsGiveExists() throws IOException {
        Set<String> missing = problems(REPO_PATH, m -> {
            String path = m.group(1).replaceAll("[.]+$", "");
            return !path.contains("/target/") && !Files.exists(ROOT.resolve(path)) ? List.of(path) : List.of();
        });
        assertEquals(Set.of(), missing, "paths the docs give that are not in the repository");
    }
}
