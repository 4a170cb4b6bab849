package org.tri2plane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tri2plane.eval.bench.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-report}: assembles scripts/bench.sh's parts into report.json and summary.md. */
@Command(
        name = "bench-report",
        mixinStandardHelpOptions = true,
        description = {
            "Assembles the parts scripts/bench.sh measured in a folder (djl-*.json, python-*.json,",
            "track.json, render-*.json, environment.json) into report.json, with the DJL / PyTorch",
            "time ratios, and a markdown summary.md."
        })
final class BenchReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The benchmark folder.")
    private Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new CliException("no benchmark folder at " + dir);
        }
        String summary = BenchReport.markdown(BenchReport.write(dir));
        spec.commandLine().getErr().println("wrote " + dir.resolve("report.json") + " and " + dir.resolve("summary.md"));
        spec.commandLine().getOut().print(summary);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
