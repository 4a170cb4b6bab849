package org.tri2plane.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** How a batch configures Spark (one training per JVM, attempts from the running configuration) and turns failures into rows. */
class BatchConfigTest {

    private static SparkConf conf(String... pairs) {
        SparkConf c = new SparkConf(false);
        for (int i = 0; i < pairs.length; i += 2) {
            c.set(pairs[i], pairs[i + 1]);
        }
        return c;
    }

    @Test
    void theEmbeddedMasterRunsOneTaskAtATimeWithItsAttempts() {
        SparkConf c = BatchJob.configure(conf(), 2, 3);
        assertEquals("local[2,3]", c.get("spark.master"));
        assertEquals("2", c.get("spark.task.cpus"), "a task takes both cores: two trainings never share the JVM");
        assertEquals(3, BatchJob.attempts(c));
    }

    @Test
    void attemptsComeFromTheRunningConfiguration() {
        // spark-submit --master local[2]: Spark gives one attempt whatever spark.task.maxFailures says
        assertEquals(1, BatchJob.attempts(BatchJob.configure(conf("spark.master", "local[2]"), 2, 3)));
        assertEquals(5, BatchJob.attempts(BatchJob.configure(conf("spark.master", "local[*, 5]"), 2, 3)));
        assertEquals(1, BatchJob.attempts(BatchJob.configure(conf("spark.master", "local"), 2, 3)));
        SparkConf cluster = BatchJob.configure(conf("spark.master", "spark://head:7077", "spark.task.maxFailures", "6"), 2, 3);
        assertEquals(6, BatchJob.attempts(cluster));
        assertEquals(3, BatchJob.attempts(BatchJob.configure(conf("spark.master", "yarn"), 2, 3)), "--max-failures where unset");
    }

    @Test
    void aClusterExecutorRunsOneTaskAtATime() {
        SparkConf c = BatchJob.configure(conf("spark.master", "spark://head:7077", "spark.executor.cores", "4"), 2, 3);
        assertEquals("4", c.get("spark.task.cpus"));
        SparkConf unset = BatchJob.configure(conf("spark.master", "yarn"), 2, 3);
        assertEquals("1", unset.get("spark.executor.cores"));
        assertEquals("1", unset.get("spark.task.cpus"));
    }

    @Test
    void twoTasksInOneJvmAreRefusedNamingTheSettings() {
        BatchException local = assertThrows(BatchException.class,
                () -> BatchJob.configure(conf("spark.master", "local[4]", "spark.task.cpus", "1"), 2, 3));
        assertTrue(local.getMessage().contains("spark.task.cpus=1") && local.getMessage().contains("4 trainings")
                && local.getMessage().contains("set spark.task.cpus=4"), local.getMessage());
        BatchException cluster = assertThrows(BatchException.class, () -> BatchJob.configure(
                conf("spark.master", "spark://head:7077", "spark.executor.cores", "8", "spark.task.cpus", "4"), 2, 3));
        assertTrue(cluster.getMessage().contains("spark.executor.cores=8") && cluster.getMessage().contains("2 trainings"),
                cluster.getMessage());
    }

    @Test
    void anErrorOnTheLastAttemptIsTheSubjectsFailedRowAndEarlierItIsRetried() throws Exception {
        SubjectResult r = BatchJob.attempt("anna", 1, 2, () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertFalse(r.ok());
        assertEquals("OutOfMemoryError: Java heap space", r.reason());
        assertEquals(1, r.attempt());
        OutOfMemoryError first = new OutOfMemoryError("first");
        assertSame(first, assertThrows(OutOfMemoryError.class, () -> BatchJob.attempt("anna", 0, 2, () -> {
            throw first;
        })), "Spark sees the error and retries");
    }

    @Test
    void aLostJobBecomesItsSubjectsRowAndTheOthersKeepTheirs() {
        List<Manifest.Subject> subjects = List.of(new Manifest.Subject("a", "a.mp4", null, "c.json", 1),
                new Manifest.Subject("b", "b.mp4", null, "c.json", 1));
        SubjectResult ok = new SubjectResult("a", true, null, 0, 0, 1.0, null, null, null);
        List<Future<List<SubjectResult>>> jobs = new ArrayList<>();
        jobs.add(CompletableFuture.completedFuture(List.of(ok)));
        jobs.add(CompletableFuture.failedFuture(new IllegalStateException("Job aborted: Task 0 in stage 1.0 failed 3 times\nmore")));
        List<String> log = new ArrayList<>();
        List<SubjectResult> rows = BatchJob.collect(subjects, jobs, 3, log::add);
        assertEquals(2, rows.size());
        assertSame(ok, rows.get(0));
        assertEquals("b", rows.get(1).name());
        assertFalse(rows.get(1).ok());
        assertEquals("its Spark task was lost: Job aborted: Task 0 in stage 1.0 failed 3 times", rows.get(1).reason());
        assertEquals(2, rows.get(1).attempt(), "every attempt was used");
        assertEquals(1, log.size());
    }
}
