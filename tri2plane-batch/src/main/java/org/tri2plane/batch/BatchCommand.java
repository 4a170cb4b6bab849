package org.tri2plane.batch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/tri2plane-batch}: the batch job's command line (also the main class under {@code spark-submit}). */
@Command(
        name = "tri2plane-batch",
        mixinStandardHelpOptions = true,
        description = {
            "Tracks, trains, renders and evaluates every subject of a manifest (CSV: name,video,driver,config,steps),",
            "one Spark task per subject, and writes the Table 1 layout for all of them (table.md, table.csv,",
            "subjects.csv) under --out. Without a cluster it runs in-process on local[N]."
        })
public final class BatchCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "The subjects (CSV with the header name,video,driver,config,steps).")
    private Path manifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output root (shared storage on a cluster).")
    private Path out;

    @Option(names = "--fps", paramLabel = "F", description = "Passed to tracking: subsample the videos to F frames per second.")
    private Double fps;

    @Option(names = "--max-frames", paramLabel = "N", description = "Passed to tracking: at most N frames per video.")
    private Integer maxFrames;

    @Option(names = "--tracking", paramLabel = "FILE", description = "Tracking settings (default: the built-in ones of configs/tracking.json).")
    private Path tracking;

    @Option(names = "--local", paramLabel = "N", defaultValue = "2",
            description = "Cores of the embedded local[N] master when no cluster is given; subjects run one at a time, "
                    + "each with all N (DJL allows one training per process) (default: ${DEFAULT-VALUE}).")
    private int local;

    @Option(names = "--max-failures", paramLabel = "N", defaultValue = "3",
            description = "Attempts per subject before it is reported as failed (default: ${DEFAULT-VALUE}).")
    private int maxFailures;

    @Option(names = "--assets-dir", paramLabel = "DIR", description = "Asset cache (default: as tri2plane fetch-assets --print-dir).")
    private Path assetsDir;

    @Override
    public Integer call() throws Exception {
        if (local < 1 || maxFailures < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--local and --max-failures must be at least 1");
        }
        List<Manifest.Subject> subjects = Manifest.read(manifest);
        BatchSettings settings = new BatchSettings(out.toAbsolutePath().toString(), fps, maxFrames,
                tracking == null ? null : tracking.toAbsolutePath().toString(), assetsDir == null ? null : assetsDir.toString());
        List<SubjectResult> results = BatchJob.run(subjects, settings, local, maxFailures, System.out::println);
        System.out.println(BatchReport.write(out, results));
        long failed = results.stream().filter(r -> !r.ok()).count();
        System.out.println("wrote " + out.resolve("table.md") + ", " + out.resolve(BatchReport.SUBJECTS) + (failed > 0 ? "; " + failed
                + " subject(s) failed" : ""));
        return failed == results.size() ? 1 : 0;
    }

    /** Exit status of a run that could not start because of its input (a bad manifest, bad options). */
    public static final int EXIT_USAGE = 2;

    /**
     * The command line with the same error contract as {@code tri2plane}: one line naming what is
     * wrong (the manifest's file and line), exit 2 for wrong input and 1 for other failures, the
     * stack trace only with {@code TRI2PLANE_DEBUG} set.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BatchCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean input = ex instanceof BatchException;
            err.println("tri2plane-batch: error: " + (input ? ex.getMessage()
                    : ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (set TRI2PLANE_DEBUG=1 for the stack trace)"));
            if (System.getenv("TRI2PLANE_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            if (input) {
                err.println("(see 'tri2plane-batch --help')");
            }
            err.flush();
            return input ? EXIT_USAGE : 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
