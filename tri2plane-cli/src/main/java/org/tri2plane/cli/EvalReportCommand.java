package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tri2plane.eval.EvalReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane eval-report}: the Table-1 style table and PSNR plot from evaluation folders. */
@Command(
        name = "eval-report",
        mixinStandardHelpOptions = true,
        description = {
            "Collects 'tri2plane eval' folders into OUT/table.md and OUT/table.csv in the layout of the",
            "paper's Table 1 (F-LMD, SD x10^-1, PSNR, LPIPS x10^2, SSIM; per subject and the mean, plus",
            "expression-protocol and cross-reenactment rows, with the mouth opening's gain and correlation), OUT/psnr.png",
            "(per-frame PSNR per subject) and OUT/mouth.png (mouth opening of reference and avatar)."
        })
final class EvalReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--self", paramLabel = "NAME=DIR", description = "A self-reenactment evaluation folder (repeatable).")
    private Map<String, Path> self = new LinkedHashMap<>();

    @Option(names = "--expression", paramLabel = "NAME=DIR",
            description = "An expression-protocol evaluation folder: every tracked frame driven by the mean gamma (repeatable).")
    private Map<String, Path> expression = new LinkedHashMap<>();

    @Option(names = "--cross", paramLabel = "NAME=DIR", description = "A cross-reenactment evaluation folder (repeatable).")
    private Map<String, Path> cross = new LinkedHashMap<>();

    @Option(names = "--failed", paramLabel = "NAME=REASON", description = "A subject that failed, listed under the table (repeatable).")
    private Map<String, String> failed = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (self.isEmpty() && cross.isEmpty()) {
            throw new UsageException("nothing to report: give --self NAME=DIR and/or --cross NAME=DIR");
        }
        List<EvalReport.Entry> s = new ArrayList<>();
        self.forEach((k, v) -> s.add(new EvalReport.Entry(k, v)));
        List<EvalReport.Entry> c = new ArrayList<>();
        cross.forEach((k, v) -> c.add(new EvalReport.Entry(k, v)));
        List<EvalReport.Entry> x = new ArrayList<>();
        expression.forEach((k, v) -> x.add(new EvalReport.Entry(k, v)));
        String md = EvalReport.write(s, x, c, failed, out);
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        w.println("wrote " + out.resolve(EvalReport.TABLE_MD) + ", " + out.resolve(EvalReport.TABLE_CSV) + ", "
                + out.resolve(EvalReport.PSNR_PLOT) + (Files.isRegularFile(out.resolve(EvalReport.MOUTH_PLOT))
                        ? ", " + out.resolve(EvalReport.MOUTH_PLOT) : ""));
        w.flush();
        return 0;
    }
}
