package org.tri2plane.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tri2plane.eval.report.ReportIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane report-index}: the page of a batch, a Table 1 row per subject linking to its report. */
@Command(
        name = "report-index",
        mixinStandardHelpOptions = true,
        description = "Writes the page of a batch: the Table 1 layout (eval-report's table.csv) with a link to each subject's report page.")
final class ReportIndexCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "FILE", description = "table.csv of tri2plane eval-report.")
    private Path table;

    @Option(names = "--page", paramLabel = "NAME=FILE", description = "A subject's report page (repeatable).")
    private Map<String, Path> pages = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The page to write (e.g. index.html).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        pages.forEach((name, file) -> {
            if (name.isEmpty() || file.toString().isEmpty()) {
                throw new UsageException("--page must be NAME=FILE, was '" + name + "=" + file + "'");
            }
        });
        spec.commandLine().getOut().println("wrote " + ReportIndex.write(table, pages, out).toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
