package org.tri2plane.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark job of a batch: one Spark job of one task per subject ({@link SubjectTask}), so that a
 * subject whose task is lost (its executor killed, an error Spark gives up on) ends as a failed
 * row while the others finish. A task that throws is retried by Spark and resumes where the failed
 * attempt stopped; on its last attempt (as many as the running configuration allows: {@code F} of
 * {@code local[N, F]}, else {@code spark.task.maxFailures}) a failure, an {@link Error} included,
 * is returned as the subject's result. DJL allows one training per process (its gradient collector
 * is process-global), so every executor JVM runs one task at a time: {@code spark.task.cpus} is
 * set to the JVM's cores where missing, and a configuration that would run two tasks in one JVM
 * is refused before anything starts. Without a cluster ({@code spark.master} not set, as under
 * {@code spark-submit}) it runs in-process on {@code local[N, maxFailures]}.
 */
public final class BatchJob {

    /** Attempts per subject when nothing else is configured. */
    public static final int DEFAULT_MAX_FAILURES = 3;

    /** Spark's own default of {@code spark.task.maxFailures} on a cluster. */
    static final int SPARK_MAX_FAILURES = 4;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:\\s*,\\s*(\\d+))?\\])?");

    private BatchJob() {}

    /** Runs the subjects; {@code localCores} is N of the embedded {@code local[N]} master. */
    public static List<SubjectResult> run(List<Manifest.Subject> subjects, BatchSettings settings, int localCores,
            int maxFailures, Consumer<String> log) throws IOException {
        SparkConf conf = configure(new SparkConf().setAppName("tri2plane-batch"), localCores, maxFailures);
        int attempts = attempts(conf);
        log.accept("batch: " + subjects.size() + " subjects on " + conf.get("spark.master") + ", one training per JVM at a time ("
                + "spark.task.cpus=" + conf.get("spark.task.cpus") + "), up to " + attempts + " attempts each; output in "
                + settings.out());
        List<Future<List<SubjectResult>>> jobs = new ArrayList<>();
        List<SubjectResult> results;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            for (Manifest.Subject s : subjects) {
                sc.setJobDescription("tri2plane-batch: " + s.name() + " (track, train, render, eval)");
                jobs.add(sc.parallelize(List.of(s), 1).map(x -> attempt(x, settings, attempts)).collectAsync());
            }
            results = collect(subjects, jobs, attempts, log);
        }
        return results;
    }

    /**
     * {@code conf} completed for a batch: the embedded master {@code local[N, maxFailures]} and its
     * attempts where no master is set, and one task per executor JVM ({@code spark.task.cpus} =
     * the JVM's cores where missing). Refuses, naming the settings, a configuration that runs two
     * tasks in one JVM.
     */
    static SparkConf configure(SparkConf conf, int localCores, int maxFailures) {
        conf.setIfMissing("spark.master", "local[" + localCores + "," + maxFailures + "]")
                .setIfMissing("spark.task.maxFailures", String.valueOf(maxFailures))
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        String master = conf.get("spark.master");
        Matcher local = LOCAL.matcher(master.trim());
        int cores;
        String coresKey;
        if (local.matches()) {
            cores = local.group(1) == null ? 1
                    : "*".equals(local.group(1)) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
            coresKey = "the cores of " + master;
        } else {
            conf.setIfMissing("spark.executor.cores", "1");
            cores = conf.getInt("spark.executor.cores", 1);
            coresKey = "spark.executor.cores=" + cores;
        }
        conf.setIfMissing("spark.task.cpus", String.valueOf(cores));
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        if (cores / taskCpus > 1) {
            throw new BatchException("spark.task.cpus=" + taskCpus + " with " + coresKey + " runs " + cores / taskCpus
                    + " trainings at once in one JVM, and DJL allows one training per process (the second fails with "
                    + "'A PtGradientCollector is already collecting'); set spark.task.cpus=" + cores
                    + " (one task per executor JVM) or leave it unset");
        }
        return conf;
    }

    /** The attempts Spark gives a task under {@code conf}: F of local[N, F] (1 without), else spark.task.maxFailures. */
    static int attempts(SparkConf conf) {
        Matcher local = LOCAL.matcher(conf.get("spark.master", "local").trim());
        if (local.matches()) {
            return local.group(2) == null ? 1 : Integer.parseInt(local.group(2));
        }
        return conf.getInt("spark.task.maxFailures", SPARK_MAX_FAILURES);
    }

    /**
     * The result of every subject's job, in manifest order; a job that failed as a whole (its task
     * lost more often than Spark allows, or killed with its executor) becomes that subject's
     * failed row with Spark's reason.
     */
    static List<SubjectResult> collect(List<Manifest.Subject> subjects, List<? extends Future<List<SubjectResult>>> jobs,
            int attempts, Consumer<String> log) {
        List<SubjectResult> results = new ArrayList<>(subjects.size());
        for (int i = 0; i < subjects.size(); i++) {
            String name = subjects.get(i).name();
            try {
                results.add(jobs.get(i).get().get(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(failed(name, "interrupted while waiting for its task", 0, 0));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                log.accept("[" + name + "] its Spark job failed: " + cause.getMessage());
                results.add(failed(name, "its Spark task was lost: " + firstLine(cause), attempts - 1, 0));
            }
        }
        return results;
    }

    /** One attempt of a subject's task, as Spark runs it: throw to be retried, or the result (failed on the last attempt). */
    static SubjectResult attempt(Manifest.Subject s, BatchSettings settings, int maxAttempts) throws Exception {
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        return attempt(s.name(), attempt, maxAttempts, () -> new SubjectTask(s, settings, System.out::println).run(attempt));
    }

    /** Runs {@code work} as attempt {@code attempt} (from 0) of {@code maxAttempts}. */
    static SubjectResult attempt(String name, int attempt, int maxAttempts, Callable<SubjectResult> work) throws Exception {
        long t0 = System.nanoTime();
        try {
            return work.call();
        } catch (Exception | Error e) {
            if (attempt + 1 < maxAttempts) {
                System.out.println("[" + name + "] attempt " + (attempt + 1) + " of " + maxAttempts + " failed: " + e
                        + "; Spark retries it");
                throw e;
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.out.println("[" + name + "] failed on its last attempt: " + trace);
            String reason = e instanceof Error || e.getMessage() == null ? e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) : e.getMessage();
            return failed(name, reason, attempt, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static SubjectResult failed(String name, String reason, int attempt, double seconds) {
        return new SubjectResult(name, false, reason, attempt, -1, seconds, null, null, null);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
