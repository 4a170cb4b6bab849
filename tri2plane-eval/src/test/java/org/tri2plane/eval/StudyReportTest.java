package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void variant(Path study, String name, int order, List<String> overrides, double stepSeconds,
            long[] steps, double[] psnr, String ablation) throws IOException {
        Path v = study.resolve("variants").resolve(name);
        Files.createDirectories(v.resolve("run"));
        Files.writeString(v.resolve("variant.json"), MAPPER.writeValueAsString(java.util.Map.of("order", order, "name", name,
                "description", "", "overrides", overrides, "ablation", ablation)));
        StringBuilder log = new StringBuilder();
        for (long s = 1; s <= steps[steps.length - 1]; s++) {
            log.append("{\"step\":").append(s).append(",\"seconds\":").append(stepSeconds).append(",\"total\":1.0}\n");
        }
        log.append("{\"step\":"); // a line cut by an interruption
        Files.writeString(v.resolve("run").resolve("train_log.jsonl"), log);
        for (int i = 0; i < steps.length; i++) {
            Path e = v.resolve("eval").resolve(String.format("step_%07d", steps[i]));
            Files.createDirectories(e);
            EvalSummary s = new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, "pred", "gt", null, null, 4, 96, 99, 512, 512,
                    psnr[i], 0.8, 0.8, 20.0, null, "unavailable", 9.5, 4, 0, 0, 1, 4, null, 0, null, null, null, null, null, 0, null);
            Files.writeString(e.resolve(Evaluator.SUMMARY), MAPPER.writeValueAsString(s));
        }
        if (!ablation.isEmpty()) {
            Path e = v.resolve("eval").resolve("shifted");
            Files.createDirectories(e);
            EvalSummary s = new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, "pred", "gt", null, null, 4, 96, 99, 512, 512,
                    psnr[psnr.length - 1] - 3, 0.7, 0.7, 20.0, null, "unavailable", 12.24, 4, 0, 0, 1, 4, null, 0, null, null, null, null, null, 0, null);
            Files.writeString(e.resolve(Evaluator.SUMMARY), MAPPER.writeValueAsString(s));
            Files.writeString(e.resolve("offset.txt"), "24,-16\n");
        }
    }

    @Test
    void pointsCarryTheirStepTheCumulativeTrainingTimeAndTheHeldOutFigures(@TempDir Path tmp) throws IOException {
        variant(tmp, "slow", 2, List.of("training.learningRate=1e-3"), 0.5, new long[] {10, 20}, new double[] {18.0, 19.5}, "");
        variant(tmp, "base", 1, List.of(), 0.25, new long[] {10, 20, 30}, new double[] {20.0, 22.5, 22.0}, "full model");
        Files.writeString(tmp.resolve("machine.txt"), "Test CPU, 2 cores, 24 GiB\n");
        // the base variant's expression protocol (every frame with the mean code); no cross-reenactment
        Path x = tmp.resolve("variants/base/eval/expression");
        Files.createDirectories(x);
        SequenceAgreement mouth = SequenceAgreement.of(new double[] {0.0, 0.05, 0.1}, new double[] {0.0, 0.1, 0.2});
        EvalSummary xs = new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, "pred", "gt", null, null, 3, 0, 2, 512, 512,
                21.0, 0.8, 0.8, 20.0, null, "unavailable", 6.5, 3, 0, 0, 1, 3, null, 0, null, null, null, null, null, 0,
                new EvalSummary.Expression(mouth, 2.5, 0.5));
        Files.writeString(x.resolve(Evaluator.SUMMARY), MAPPER.writeValueAsString(xs));

        // the base variant's novel views (two bins of its orbit)
        Path n = tmp.resolve("variants/base/eval/novel");
        Files.createDirectories(n);
        Files.writeString(n.resolve(NovelViews.FILE), MAPPER.writeValueAsString(List.of(new NovelViews.Bin(0, 10, 6, 6, 3.4, 0.86),
                new NovelViews.Bin(30, 40, 22, 5, 13.7, 0.33))));

        String md = StudyReport.write(tmp);
        StudyReport.Study study = StudyReport.read(tmp);
        assertEquals("Test CPU, 2 cores, 24 GiB", study.machine());
        assertEquals(List.of("base", "slow"), study.variants().stream().map(StudyReport.Variant::name).toList());
        StudyReport.Point p = study.variants().get(0).points().get(1);
        assertEquals(20, p.step());
        assertEquals(5.0, p.trainSeconds(), 1e-9); // 20 steps x 0.25 s
        assertEquals(22.5, p.psnr(), 1e-9);
        assertEquals(10.0, study.variants().get(1).points().get(1).trainSeconds(), 1e-9);

        assertTrue(md.startsWith("Machine: Test CPU"), md);
        // last point 22.00 at step 30, best 22.50 at step 20
        assertTrue(md.contains("| base | defaults | 30 | 8 | 22.00 | 0.800 | 9.5 | 22.50 (20) | 19.00 |"), md);
        assertTrue(md.contains("| slow | training.learningRate=1e-3 | 20 | 10 | 19.50 | 0.800 | 9.5 | 19.50 (20) | – |"), md);
        // only variants with an ablation label are rows of the Table 2 layout
        assertTrue(md.contains("| full model | 30 | 22.00 | 0.800 | 9.5 | 24,-16 | 19.00 | 0.700 | 12.2 |"), md);
        assertEquals(1, md.lines().filter(l -> l.contains("24,-16")).count(), md);
        assertTrue(md.contains("| base | 22.00 | 21.00 | 6.5 | 0.50 | 1.00 | 0.100 / 0.200 | 2.50 | – | – | – |"), md);
        assertEquals(0, md.lines().filter(l -> l.startsWith("| slow | 19.50")).count(), md); // slow has no expression row
        assertEquals(new StudyReport.Shifted("24,-16", 19.0, 0.7, 12.24), study.variants().get(0).shifted());
        assertTrue(md.contains("| variant | held-out PSNR ↑ | held-out F-LMD ↓ | 0-10° | 30-40° |"), md);
        assertTrue(md.contains("| base | 22.00 | 9.5 | 6/6, 3.4°, 0.86 | 5/22, 13.7°, 0.33 |"), md);
        assertEquals(2, study.variants().get(0).novelViews().size());
        assertTrue(study.variants().get(1).novelViews().isEmpty(), "slow has no orbit");
        for (String f : List.of("study.json", "study.md", "psnr_steps.png", "psnr_time.png", "ssim_steps.png", "flmd_steps.png")) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
        assertEquals(study, MAPPER.readValue(tmp.resolve("study.json").toFile(), StudyReport.Study.class));
    }

    @Test
    void aFolderWithoutVariantsOrEvaluationsIsRefusedByName(@TempDir Path tmp) throws IOException {
        EvalException none = assertThrows(EvalException.class, () -> StudyReport.write(tmp));
        assertTrue(none.getMessage().contains("scripts/study.sh --out " + tmp), none.getMessage());
        Path v = tmp.resolve("variants").resolve("base");
        Files.createDirectories(v);
        Files.writeString(v.resolve("variant.json"), "{\"name\": \"base\"}");
        EvalException empty = assertThrows(EvalException.class, () -> StudyReport.write(tmp));
        assertTrue(empty.getMessage().contains("no variant has an evaluated step"), empty.getMessage());
    }
}
