package org.tri2plane.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark job of a batch: one task per subject ({@link SubjectTask}). A task that throws is
 * retried by Spark (up to {@code spark.task.maxFailures} attempts) and resumes where the failed
 * attempt stopped; on its last attempt a failure is returned as the subject's result (failed,
 * with its reason), so the other subjects finish. Without a cluster ({@code spark.master} not
 * set, as under {@code spark-submit}) it runs in-process on {@code local[N, maxFailures]}.
 */
public final class BatchJob {

    /** Attempts per subject when nothing else is configured. */
    public static final int DEFAULT_MAX_FAILURES = 3;

    private BatchJob() {}

    /** Runs the subjects; {@code localCores} is N of the embedded {@code local[N]} master. */
    public static List<SubjectResult> run(List<Manifest.Subject> subjects, BatchSettings settings, int localCores,
            int maxFailures, Consumer<String> log) throws IOException {
        SparkConf conf = new SparkConf().setAppName("tri2plane-batch")
                .setIfMissing("spark.master", "local[" + localCores + "," + maxFailures + "]")
                .setIfMissing("spark.task.maxFailures", String.valueOf(maxFailures))
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        int attempts = conf.getInt("spark.task.maxFailures", maxFailures);
        log.accept("batch: " + subjects.size() + " subjects on " + conf.get("spark.master") + ", up to " + attempts
                + " attempts each; output in " + settings.out());
        List<SubjectResult> results;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setJobDescription("tri2plane-batch: " + subjects.size() + " subjects (track, train, render, eval)");
            results = sc.parallelize(subjects, subjects.size()).map(s -> attempt(s, settings, attempts)).collect();
        }
        return results;
    }

    /** One attempt of a subject's task, as Spark runs it: throw to be retried, or the result (failed on the last attempt). */
    static SubjectResult attempt(Manifest.Subject s, BatchSettings settings, int maxAttempts) throws IOException {
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        long t0 = System.nanoTime();
        try {
            return new SubjectTask(s, settings, System.out::println).run(attempt);
        } catch (RuntimeException | IOException e) {
            if (attempt + 1 < maxAttempts) {
                System.out.println("[" + s.name() + "] attempt " + (attempt + 1) + " of " + maxAttempts + " failed: " + e.getMessage()
                        + "; Spark retries it");
                throw e;
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.out.println("[" + s.name() + "] failed on its last attempt: " + trace);
            return new SubjectResult(s.name(), false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    attempt, -1, (System.nanoTime() - t0) / 1e9, null, null, null);
        }
    }
}
