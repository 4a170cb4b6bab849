package org.tri2plane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scripts share scripts/lib/common.sh: help from a heredoc, one option parser, no hand-made asset paths or JSON greps. */
class ScriptsTest {

    private record Run(int code, String out) {}

    private static Path scripts() {
        return Files.isDirectory(Path.of("../scripts")) ? Path.of("../scripts") : Path.of("scripts");
    }

    private static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.walk(scripts())) {
            return s.filter(p -> p.toString().endsWith(".sh") && !p.getParent().getFileName().toString().equals("lib"))
                    .sorted().toList();
        }
    }

    private static Run bash(Path script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void everyScriptPrintsItsHelpAndRefusesAnUnknownOption() throws Exception {
        List<Path> scripts = all();
        assertTrue(scripts.size() >= 10, "found " + scripts);
        for (Path s : scripts) {
            String name = s.getFileName().toString();
            Run help = bash(s, "--help");
            assertEquals(0, help.code(), name + ": " + help.out());
            assertTrue(help.out().contains(name + " ["), name + " help shows its usage line: " + help.out());
            Run bogus = bash(s, "--no-such-option");
            assertEquals(2, bogus.code(), name + ": " + bogus.out());
            assertTrue(bogus.out().contains(name + ": unknown option --no-such-option (see --help)"), bogus.out());
        }
    }

    @Test
    void scriptsAskTheCommandLineForTheAssetCacheAndForJsonValues() throws IOException {
        for (Path s : all()) {
            String text = Files.readString(s);
            String name = s.getFileName().toString();
            assertTrue(text.contains("lib/common.sh"), name + " sources the shared library");
            assertFalse(text.contains("sed -n '2,"), name + " prints its help from a heredoc");
            assertFalse(text.contains("XDG_CACHE_HOME:-"), name + " asks tri2plane fetch-assets --print-dir");
            assertFalse(text.matches("(?s).*grep[^\\n]*\"(step|total|seconds|rssMb|index|gpuCount)\".*"), name + " reads JSON with tri2plane json");
        }
    }

    @Test
    void aMissingOrMalformedValueIsAUsageError() throws Exception {
        Path track = scripts().resolve("bench-track.sh");
        Run missing = bash(track, "--frames");
        assertEquals(2, missing.code());
        assertTrue(missing.out().contains("--frames needs a value"), missing.out());
        Run bad = bash(track, "--frames", "ten");
        assertEquals(2, bad.code());
        assertTrue(bad.out().contains("--frames must be a whole number, was 'ten'"), bad.out());
    }

    @Test
    void theBenchmarkReferenceModelsEveryShippedConfig() throws Exception {
        // the PyTorch reference of scripts/bench.sh must know every key a shipped config has (it
        // refused tiny.json's new keys once, and bench.sh failed) and model every feature it turns on
        // (it exits 3 naming what it does not, and bench.sh then reports Tri2plane-J alone): a model
        // feature added to a shipped config without the reference following it fails here
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path ref = scripts().resolve("bench/reference_step.py");
        Path configs = scripts().resolveSibling("configs");
        List<String> checked = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(configs)) {
            for (Path c : s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("tracking.json")).sorted()
                    .toList()) {
                Process p = new ProcessBuilder(python.toString(), ref.toString(), "--config", c.toString(), "--check-config")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), c.getFileName() + ": " + out);
                checked.add(c.getFileName().toString());
            }
        }
        assertTrue(checked.containsAll(List.of("paper.json", "tiny.json")), "checked " + checked);
    }
}
