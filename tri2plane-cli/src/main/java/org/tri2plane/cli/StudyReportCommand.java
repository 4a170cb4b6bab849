package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tri2plane.eval.StudyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane study-report}: the convergence study's JSON, table and charts. */
@Command(
        name = "study-report",
        mixinStandardHelpOptions = true,
        description = {
            "Assembles what scripts/study.sh measured in DIR into DIR/study.json, DIR/study.md and the",
            "charts psnr_steps.png, psnr_time.png, ssim_steps.png and flmd_steps.png (held-out figures",
            "of every variant against steps and against training wall time)."
        })
final class StudyReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The study's output folder.")
    private Path dir;

    @Override
    public Integer call() throws Exception {
        String md = StudyReport.write(dir);
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        w.println("wrote " + dir.resolve(StudyReport.JSON) + ", " + dir.resolve(StudyReport.MARKDOWN) + " and the charts");
        w.flush();
        return 0;
    }
}
