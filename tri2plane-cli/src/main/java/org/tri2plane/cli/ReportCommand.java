package org.tri2plane.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tri2plane.eval.report.ReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane report}: one self-contained page about an avatar. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes one self-contained static page (no network): the tracking report and contact sheet, the",
            "training curves, the videos, the Table 1 layout with CSIM / APD / AED, per-frame plots, the worst",
            "frames and the machine, versions and config."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--subject", required = true, paramLabel = "DIR", description = "The tracked subject.")
    private Path subject;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Its training run.")
    private Path run;

    @Option(names = "--eval", paramLabel = "NAME=DIR", description = "An evaluation folder of tri2plane eval (repeatable).")
    private Map<String, Path> evals = new LinkedHashMap<>();

    @Option(names = "--video", paramLabel = "NAME=FILE", description = "A video to show (repeatable).")
    private Map<String, Path> videos = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The page to write (e.g. report.html).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Path page = ReportPage.write(new ReportPage.Request(subject, run, named(evals, "--eval"), named(videos, "--video"), out));
        spec.commandLine().getOut().println("wrote " + page.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The NAME=PATH pairs of a repeatable option, in the order given (picocli splits them). */
    private static List<ReportPage.Named> named(Map<String, Path> values, String option) {
        List<ReportPage.Named> out = new ArrayList<>();
        values.forEach((name, path) -> {
            if (name.isEmpty() || path.toString().isEmpty()) {
                throw new UsageException(option + " must be NAME=PATH, was '" + name + "=" + path + "'");
            }
            out.add(new ReportPage.Named(name, path));
        });
        return out;
    }
}
