package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.config.ConfigException;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.CheckpointMeta;
import org.tri2plane.core.model.ModelIO;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectFormatException;

class TrainerTest {

    private static final Tri2PlaneConfig CONFIG = SyntheticSubject.config();

    private static TrainResult train(Path subject, Path out, int steps, boolean resume) throws IOException {
        return train(CONFIG, subject, out, steps, resume);
    }

    private static TrainResult train(Tri2PlaneConfig config, Path subject, Path out, int steps, boolean resume) throws IOException {
        return new Trainer(s -> { }).run(new TrainOptions(subject, config, out, steps, null, null, null, resume));
    }

    private static List<Map<String, Double>> log(Path out) throws IOException {
        List<Map<String, Double>> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String l : Files.readAllLines(out.resolve(Trainer.LOG))) {
            JsonNode n = json.readTree(l);
            Map<String, Double> row = new LinkedHashMap<>();
            n.get("terms").fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asDouble()));
            row.put("step", n.get("step").asDouble());
            if (n.has("heldOutPsnr")) {
                row.put("psnr", n.get("heldOutPsnr").asDouble());
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void everyLossTermFallsOnASyntheticSubject(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 10, 2, 4, 92, "aa");
        Path out = tmp.resolve("run");
        TrainResult r = train(subject, out, 80, false);
        assertEquals(80, r.step());
        assertEquals("ms-ssim", r.perceptual());
        List<Map<String, Double>> rows = log(out);
        assertEquals(80, rows.size());
        for (String term : List.of("rgb0", "rgb1", "rgb2", "perceptual", "mask")) {
            double first = rows.subList(0, 15).stream().mapToDouble(m -> m.get(term)).average().orElseThrow();
            double last = rows.subList(65, 80).stream().mapToDouble(m -> m.get(term)).average().orElseThrow();
            assertTrue(last < first, term + " should fall: " + first + " -> " + last);
        }
        assertTrue(rows.get(79).containsKey("psnr"), "held-out PSNR is logged");
        assertTrue(Files.isRegularFile(out.resolve(Trainer.LOSS_CURVE)));
        assertTrue(Files.isRegularFile(out.resolve(Trainer.PREVIEWS).resolve("step_0000080.png")));
        CheckpointMeta meta = Checkpoint.meta(out.resolve(Checkpoint.FOLDER));
        assertEquals(80, meta.step());
        assertEquals("ms-ssim", meta.perceptual());
        assertEquals(8, meta.trainFrames());
        assertEquals(org.tri2plane.core.util.ProcessInfo.cpuModel() + ", " + org.tri2plane.core.util.OneDnnIsa.current().brief(),
                meta.environment().machine(), "where the run trained, and on which convolution kernels");
        assertEquals(System.getProperty("java.version"), meta.environment().java());
        // a checkpoint written before the environment was recorded (format version 2) still loads
        Path file = out.resolve(Checkpoint.FOLDER).resolve(Checkpoint.META);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        json.remove("environment");
        json.put("formatVersion", 2);
        Files.writeString(file, json.toString());
        CheckpointMeta v2 = Checkpoint.meta(out.resolve(Checkpoint.FOLDER));
        assertEquals(80, v2.step());
        assertEquals(null, v2.environment());
    }

    @Test
    void resumingEqualsAStraightRun(@TempDir Path tmp) throws IOException {
        resumeEqualsStraight(CONFIG, tmp);
    }

    /** The same with every geometry term and the turned view, whose turn is drawn each step. */
    @Test
    void resumingEqualsAStraightRunWithTheGeometryTermsAndTheTurnedView(@TempDir Path tmp) throws IOException {
        Tri2PlaneConfig geometry = CONFIG.with("geometry.depthWeight=0.1", "geometry.frontWeight=0.1", "geometry.distortionWeight=0.01",
                "geometry.surfaceMargin=0.2", "geometry.turnedViewDegrees=45", "geometry.emptyWeight=0.1");
        resumeEqualsStraight(geometry, tmp);
        List<Map<String, Double>> rows = log(tmp.resolve("split"));
        for (String term : List.of("depth", "front", "distortion", "turnedDepth", "turnedFront", "turnedMask", "turnedEmpty")) {
            assertTrue(rows.get(0).containsKey(term), "the log has the " + term + " term: " + rows.get(0));
        }
    }

    /** The geometry terms are learned, not only computed: over 60 steps on the synthetic subject each of them falls. */
    @Test
    void theGeometryTermsFall(@TempDir Path tmp) throws IOException {
        Tri2PlaneConfig geometry = CONFIG.with("geometry.depthWeight=0.1", "geometry.frontWeight=0.1", "geometry.distortionWeight=0.01",
                "geometry.surfaceMargin=0.2", "geometry.turnedViewDegrees=45");
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 10, 2, 4, 92, "gg");
        train(geometry, subject, tmp.resolve("run"), 60, false);
        List<Map<String, Double>> rows = log(tmp.resolve("run"));
        for (String term : List.of("depth", "front", "turnedDepth", "turnedMask")) {
            double first = rows.subList(0, 10).stream().mapToDouble(m -> m.get(term)).average().orElseThrow();
            double last = rows.subList(50, 60).stream().mapToDouble(m -> m.get(term)).average().orElseThrow();
            assertTrue(last < first, term + " should fall: " + first + " -> " + last);
        }
    }

    private static void resumeEqualsStraight(Tri2PlaneConfig config, Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "bb");
        Path straight = tmp.resolve("straight");
        train(config, subject, straight, 20, false);
        Path split = tmp.resolve("split");
        train(config, subject, split, 10, false);
        TrainResult resumed = train(config, subject, split, 20, true);
        assertEquals(20, resumed.step());
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel a = Checkpoint.load(straight.resolve(Checkpoint.FOLDER), m, config).model();
            Tri2PlaneModel b = Checkpoint.load(split.resolve(Checkpoint.FOLDER), m, config).model();
            for (var e : a.namedParameters().entrySet()) {
                assertArrayEquals(e.getValue().getArray().toFloatArray(),
                        b.namedParameters().get(e.getKey()).getArray().toFloatArray(), 0f,
                        e.getKey() + ": 20 straight steps and 10 + resume + 10 must give identical parameters");
            }
        }
        assertArrayEquals(Files.readAllBytes(straight.resolve(Checkpoint.FOLDER).resolve(Checkpoint.OPTIMIZER)),
                Files.readAllBytes(split.resolve(Checkpoint.FOLDER).resolve(Checkpoint.OPTIMIZER)), "Adam moments too");
        assertEquals(20, log(split).size(), "the log has each step once");
    }

    @Test
    void badInputsAreRefusedWithoutLosingTheCheckpoint(@TempDir Path tmp) throws Exception {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "cc");
        Path out = tmp.resolve("run");
        // missing subject
        SubjectFormatException missing = assertThrows(SubjectFormatException.class,
                () -> train(tmp.resolve("nobody"), out, 2, false));
        assertTrue(missing.getMessage().contains("tri2plane track"), missing.getMessage());
        train(subject, out, 4, false);
        byte[] saved = Files.readAllBytes(out.resolve(Checkpoint.FOLDER).resolve(ModelIO.PARAMETERS_FILE));
        // an existing run is not overwritten
        TrainingException exists = assertThrows(TrainingException.class, () -> train(subject, out, 8, false));
        assertTrue(exists.getMessage().contains("--resume"), exists.getMessage());
        // resuming with another config names the differing key
        Tri2PlaneConfig other = CONFIG.with("field.hiddenDim=" + CONFIG.field().hiddenDim() * 2);
        ConfigException cfg = assertThrows(ConfigException.class, () -> new Trainer(s -> { })
                .run(new TrainOptions(subject, other, out, 8, null, null, null, true)));
        assertTrue(cfg.getMessage().contains("field.hiddenDim"), cfg.getMessage());
        // resuming on another subject
        Path otherSubject = SyntheticSubject.write(tmp.resolve("other"), 8, 2, 4, 92, "dd");
        TrainingException subj = assertThrows(TrainingException.class, () -> train(otherSubject, out, 8, true));
        assertTrue(subj.getMessage().contains("another subject"), subj.getMessage());
        // an incomplete subject directory
        Path broken = SyntheticSubject.write(tmp.resolve("broken"), 8, 2, 4, 92, "ee");
        Files.delete(broken.resolve("masks").resolve("000003.png"));
        TrainingException incomplete = assertThrows(TrainingException.class, () -> train(broken, tmp.resolve("r2"), 2, false));
        assertTrue(incomplete.getMessage().contains("masks/000003.png"), incomplete.getMessage());
        // a subject tracked with another number of expression coefficients
        Path wrongK = SyntheticSubject.write(tmp.resolve("k6"), 8, 2, 6, 92, "ff");
        TrainingException k = assertThrows(TrainingException.class, () -> train(wrongK, tmp.resolve("r3"), 2, false));
        assertTrue(k.getMessage().contains("expressionDim"), k.getMessage());
        // the checkpoint is still the one of step 4
        assertArrayEquals(saved, Files.readAllBytes(out.resolve(Checkpoint.FOLDER).resolve(ModelIO.PARAMETERS_FILE)));
        assertEquals(4, Checkpoint.meta(out.resolve(Checkpoint.FOLDER)).step());
    }

    @Test
    void aX2ConfigNeedsRealHiResFrames(@TempDir Path tmp) throws Exception {
        Tri2PlaneConfig x2 = SyntheticSubject.configX2();
        // frames at the config's 92 px only: the 128 px SR output would be supervised by an upsample
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "hh");
        Path out = tmp.resolve("run");
        TrainingException noHiRes = assertThrows(TrainingException.class,
                () -> new Trainer(s -> { }).run(new TrainOptions(subject, x2, out, 2, null, null, null, false)));
        String msg = noHiRes.getMessage();
        assertTrue(msg.contains(subject.toString()), msg);
        assertTrue(msg.contains("config 'tiny-test-x2'"), msg);
        assertTrue(msg.contains("superResolution.outputResolution 128"), msg);
        assertTrue(msg.contains("184 px"), msg);
        assertTrue(msg.contains("tri2plane track --output-scale 2"), msg);
        assertTrue(msg.contains("this one spans 92 px"), msg);
        assertFalse(Files.exists(out.resolve(Trainer.LOG)), "refused before step 1");
        assertFalse(Files.exists(out.resolve(Checkpoint.FOLDER)), "refused before step 1");
        // hi-res frames missing on disc although subject.json has outputScale: incomplete
        SyntheticSubject.addHiRes(subject, 2);
        Files.delete(subject.resolve("frames_x2").resolve("000002.png"));
        TrainingException incomplete = assertThrows(TrainingException.class,
                () -> new Trainer(s -> { }).run(new TrainOptions(subject, x2, out, 2, null, null, null, false)));
        assertTrue(incomplete.getMessage().contains("frames_x2/000002.png"), incomplete.getMessage());
        // with them the x2 stage trains against the 184 px frames
        SyntheticSubject.addHiRes(subject, 2);
        TrainResult r = new Trainer(s -> { }).run(new TrainOptions(subject, x2, out, 2, null, null, null, false));
        assertEquals(2, r.step());
        assertTrue(Double.isFinite(r.lastLoss()), "loss " + r.lastLoss());
        assertTrue(r.lastTerms().containsKey("srL1"), "terms " + r.lastTerms());
        // frames stored at twice the config's size are real pixels too: no hi-res folder needed
        Path large = SyntheticSubject.write(tmp.resolve("large"), 4, 1, 4, 184, "ii");
        try (SubjectDataset data = new SubjectDataset(org.tri2plane.core.subject.SubjectDirectory.open(large), x2)) {
            assertEquals(1, data.srFrameScale());
            assertEquals(184, data.srFrameSize());
        }
        // 184 px frames upsampled from a 92 px source crop are no real 184 px frames
        Path upsampled = SyntheticSubject.write(tmp.resolve("upsampled"), 4, 1, 4, 184, "jj");
        Files.writeString(upsampled.resolve(org.tri2plane.core.subject.SubjectDirectory.META),
                Files.readString(upsampled.resolve(org.tri2plane.core.subject.SubjectDirectory.META))
                        .replace("184.0 ]", "92.0 ]"));
        TrainingException up = assertThrows(TrainingException.class, () -> new SubjectDataset(
                org.tri2plane.core.subject.SubjectDirectory.open(upsampled), x2));
        assertTrue(up.getMessage().contains("only upsampled ones: its source crop spans 92 px"), up.getMessage());
        assertTrue(up.getMessage().contains("tri2plane track --output-scale 1"), up.getMessage());
        // the 1x config is untouched by all this
        try (SubjectDataset data = new SubjectDataset(org.tri2plane.core.subject.SubjectDirectory.open(large), CONFIG)) {
            assertEquals(92, data.srFrameSize());
            assertEquals(null, data.frame(data.trainFrames().get(0)).srRgb());
        }
    }

    @Test
    void aFailedCheckpointWriteKeepsThePreviousOne(@TempDir Path tmp) throws Exception {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "gg");
        Path out = tmp.resolve("run");
        train(subject, out, 3, false);
        Path ckpt = out.resolve(Checkpoint.FOLDER);
        byte[] before = Files.readAllBytes(ckpt.resolve(ModelIO.PARAMETERS_FILE));
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new Tri2PlaneModel(CONFIG, 6);
            model.initialize(m);
            Adam adam = new Adam(model.namedParameters(), m, 1e-3, 0.9, 0.999, 1e-8);
            adam.close(); // its moments are gone: writing them fails half-way through the checkpoint
            CheckpointMeta meta = Checkpoint.meta(ckpt);
            assertThrows(RuntimeException.class, () -> Checkpoint.save(ckpt, model, adam, meta));
        }
        assertArrayEquals(before, Files.readAllBytes(ckpt.resolve(ModelIO.PARAMETERS_FILE)));
        assertEquals(3, Checkpoint.meta(ckpt).step());
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".checkpoint")), "no temporary folder left");
        }
    }

    @Test
    void aFullDiskDuringASaveNamesTheCauseAndTheCheckpointStillGood(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "fd");
        Path out = tmp.resolve("run");
        int[] saves = {0};
        // the save at step 10 succeeds; the disk is full half-way through the final one at step 12
        Trainer full = new Trainer(s -> { }, (dir, model, adam, meta) -> {
            if (saves[0]++ == 0) {
                Checkpoint.save(dir, model, adam, meta);
                return;
            }
            org.tri2plane.core.util.AtomicFiles.writeDirectory(dir, d -> {
                Files.write(d.resolve(ModelIO.PARAMETERS_FILE), new byte[1000]);
                throw new IOException("No space left on device");
            });
        });
        TrainingException e = assertThrows(TrainingException.class,
                () -> full.run(new TrainOptions(subject, CONFIG, out, 12, null, null, null, false)));
        Path ckpt = out.resolve(Checkpoint.FOLDER);
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains(ckpt.toString())
                && e.getMessage().contains("step 10 there is intact") && e.getMessage().contains("--resume"), e.getMessage());
        assertEquals(10, Checkpoint.meta(ckpt).step(), "the checkpoint of step 10 (checkpointEvery) is on disk");
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".checkpoint")), "no temporary folder left");
        }
        TrainResult r = new Trainer(s -> { }).run(new TrainOptions(subject, CONFIG, out, 12, null, null, null, true));
        assertEquals(12, r.step(), "space freed: the run continues from step 10");
    }

    @Test
    void aConfigThatCannotFitInMemoryIsRefusedBeforeStepOne(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "mem");
        long machine = MemoryCheck.deviceBytes(ai.djl.Device.cpu());
        org.junit.jupiter.api.Assumptions.assumeTrue(machine > 0, "this JVM cannot read the machine's memory size");
        Path tiny = Files.writeString(tmp.resolve("tiny-test.json"), Files.readString(
                Path.of(SyntheticSubject.class.getResource("/configs/tiny-test.json").getPath())));
        double perFrame = org.tri2plane.core.model.ModelSummary.of(new ConfigLoader().load(tiny,
                List.of("rendering.samplesPerRay=1024", "training.batchSize=1")), 6).peakMegabytes() * 1024 * 1024;
        long batch = (long) Math.ceil(2 * machine / perFrame);
        Tri2PlaneConfig huge = new ConfigLoader().load(tiny, List.of("rendering.samplesPerRay=1024", "training.batchSize=" + batch));
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(s -> { }).run(new TrainOptions(subject, huge, tmp.resolve("run"), 2, null, null, null, false)));
        assertTrue(e.getMessage().contains("needs about") && e.getMessage().contains("training.batchSize"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run").resolve(Trainer.LOG)), "refused before step 1");
    }

    @Test
    void aDamagedOptimizerFileIsRefusedByNameBeforeItChangesTheTraining(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "oo");
        Path out = tmp.resolve("run");
        train(subject, out, 2, false);
        Path opt = out.resolve(Checkpoint.FOLDER).resolve(Checkpoint.OPTIMIZER);
        byte[] good = Files.readAllBytes(opt);
        assertEquals(org.tri2plane.core.util.Sha256.of(opt), Checkpoint.meta(out.resolve(Checkpoint.FOLDER)).optimizerSha256());
        byte[] flipped = good.clone();
        for (int i = 0; i < 400; i++) {
            flipped[good.length / 2 + i] ^= (byte) 0x11;
        }
        Files.write(opt, flipped);
        TrainingException e = assertThrows(TrainingException.class, () -> train(subject, out, 4, true));
        assertTrue(e.getMessage().contains(opt.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        Files.write(opt, java.util.Arrays.copyOf(good, good.length / 3));
        TrainingException cut = assertThrows(TrainingException.class, () -> train(subject, out, 4, true));
        assertTrue(cut.getMessage().contains(opt.toString()) && cut.getMessage().contains("damaged"), cut.getMessage());
        Files.write(opt, good);
        assertEquals(4, train(subject, out, 4, true).step(), "the intact file resumes");
    }

    @Test
    void aCheckpointSaveKilledBetweenItsRenamesResumesFromThePreviousCheckpoint(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "kk");
        Path out = tmp.resolve("run");
        train(subject, out, 2, false);
        Path ckpt = out.resolve(Checkpoint.FOLDER);
        // kill -9 between AtomicFiles.writeDirectory's renames: only ".checkpoint.old-*" remains
        Files.move(ckpt, out.resolve(".checkpoint.old-x1"));
        Files.createDirectories(out.resolve(".checkpoint.tmp-x2")).resolve("model.params").toFile().createNewFile();
        List<String> lines = new ArrayList<>();
        TrainResult r = new Trainer(lines::add).run(new TrainOptions(subject, CONFIG, out, 3, null, null, null, true));
        assertEquals(3, r.step());
        assertTrue(lines.stream().anyMatch(l -> l.contains("restored") && l.contains(".checkpoint.old-x1")), lines.toString());
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".checkpoint")), "no temporary folder left");
        }
        assertEquals(3, log(out).size(), "the log continues: steps 1-2 kept, step 3 appended");
    }

    @Test
    void aNonFiniteValueInTheTrackedParametersIsRefusedBeforeStepOne(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "if");
        Path params = subject.resolve(SubjectDirectory.PARAMS);
        List<String> lines = Files.readAllLines(params);
        // the third frame's first expression coefficient: a number too large for a double reads as infinity
        lines.set(2, lines.get(2).replaceFirst("\"beta\":\\[[^,\\]]+", "\"beta\":[1e999"));
        Files.write(params, lines);
        org.tri2plane.core.subject.SubjectFormatException e = assertThrows(
                org.tri2plane.core.subject.SubjectFormatException.class, () -> train(subject, tmp.resolve("run"), 2, false));
        assertTrue(e.getMessage().contains(params.toString()) && e.getMessage().contains("line 3")
                && e.getMessage().contains("beta[0] is Infinity"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run").resolve(Trainer.LOG)), "nothing was trained");
    }

    @Test
    void frameIndicesAndFramesReachedThroughALinkAreRefusedBeforeStepOne(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "ln");
        Path params = subject.resolve(SubjectDirectory.PARAMS);
        List<String> lines = Files.readAllLines(params);
        List<String> negative = new ArrayList<>(lines);
        negative.set(1, negative.get(1).replaceFirst("\"index\":\\d+", "\"index\":-3"));
        Files.write(params, negative);
        SubjectFormatException e = assertThrows(SubjectFormatException.class, () -> train(subject, tmp.resolve("a"), 2, false));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("negative"), e.getMessage());
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\"index\":(\\d+)").matcher(lines.get(0));
        assertTrue(first.find(), lines.get(0));
        List<String> twice = new ArrayList<>(lines);
        twice.set(1, twice.get(1).replaceFirst("\"index\":\\d+", "\"index\":" + first.group(1)));
        Files.write(params, twice);
        e = assertThrows(SubjectFormatException.class, () -> train(subject, tmp.resolve("b"), 2, false));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("appears twice"), e.getMessage());
        Files.write(params, lines);
        // a frame that is a link to a file elsewhere on the machine
        SubjectDirectory dir = SubjectDirectory.open(subject);
        Path frame = dir.frame(dir.params().get(0).index());
        Path elsewhere = Files.copy(frame, tmp.resolve("elsewhere.png"));
        Files.delete(frame);
        Files.createSymbolicLink(frame, elsewhere);
        TrainingException link = assertThrows(TrainingException.class, () -> train(subject, tmp.resolve("c"), 2, false));
        assertTrue(link.getMessage().contains(frame.toString()) && link.getMessage().contains("symbolic link"), link.getMessage());
        assertFalse(Files.exists(tmp.resolve("c").resolve(Trainer.LOG)), "nothing was trained");
    }

    @Test
    void aDamagedFramePngIsFoundBeforeStepOneAndNamed(@TempDir Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "dp");
        Path frame = subject.resolve("frames").resolve(SubjectDirectory.fileName(5));
        byte[] b = Files.readAllBytes(frame);
        b[b.length / 2] ^= 0x20;
        Files.write(frame, b);
        TrainingException e = assertThrows(TrainingException.class, () -> train(subject, tmp.resolve("run"), 2, false));
        assertTrue(e.getMessage().contains(frame.toString()) && e.getMessage().contains("corrupted"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run").resolve(Trainer.LOG)), "nothing was trained");
    }

    @Test
    void aNanLossStopsTheRunAndNamesStepAndTerm(@TempDir Path tmp) throws Exception {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "hh");
        Path out = tmp.resolve("run");
        train(subject, out, 2, false);
        Path ckpt = out.resolve(Checkpoint.FOLDER);
        // poison the SR output: NaN in its last convolution's bias
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint.Loaded l = Checkpoint.load(ckpt, m, CONFIG);
            l.model().namedParameters().entrySet().stream().filter(e -> e.getKey().contains("to_rgb_bias")).findFirst()
                    .orElseThrow().getValue().getArray().set(new float[] {Float.NaN, 0, 0});
            try (Adam adam = new Adam(l.model().namedParameters(), m, 1e-3, 0.9, 0.999, 1e-8)) {
                Checkpoint.restoreOptimizer(ckpt, l.meta(), adam, m);
                Checkpoint.save(ckpt, l.model(), adam, l.meta());
            }
        }
        TrainingException nan = assertThrows(TrainingException.class, () -> train(subject, out, 5, true));
        assertTrue(nan.getMessage().contains("step 3") && nan.getMessage().contains("'perceptual'"), nan.getMessage());
        assertEquals(2, Checkpoint.meta(ckpt).step(), "the last good checkpoint is kept");
    }

    @Test
    void anExplicitDeviceTrainsAsTheDefaultOne(@TempDir Path tmp) throws IOException {
        // --device names the one device a run trains on (training over several was removed: its
        // slots ran one after another); naming the default device changes nothing
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "pp");
        new Trainer(s -> { }).run(new TrainOptions(subject, CONFIG, tmp.resolve("default"), 3, null, null, null, false, null));
        new Trainer(s -> { }).run(new TrainOptions(subject, CONFIG, tmp.resolve("cpu"), 3, null, null, null, false, ai.djl.Device.cpu()));
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel a = Checkpoint.load(tmp.resolve("default").resolve(Checkpoint.FOLDER), m, CONFIG).model();
            Tri2PlaneModel b = Checkpoint.load(tmp.resolve("cpu").resolve(Checkpoint.FOLDER), m, CONFIG).model();
            for (var e : a.namedParameters().entrySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(e.getValue().getArray().toFloatArray(),
                        b.namedParameters().get(e.getKey()).getArray().toFloatArray(), e.getKey());
            }
        }
    }

    @Test
    void lpipsWeightsReplaceMsSsim(@TempDir Path tmp) throws IOException {
        // a small network in the LPIPS weight format: 3x3 conv 3 → 4, ReLU, tap, max-pool, 3x3 conv 4 → 4, ReLU, tap
        java.util.Random rnd = new java.util.Random(2);
        Map<String, float[]> t = new LinkedHashMap<>();
        t.put("c0.weight", randn(rnd, 4 * 3 * 9));
        t.put("c0.bias", new float[4]);
        t.put("c1.weight", randn(rnd, 4 * 4 * 9));
        t.put("c1.bias", new float[4]);
        t.put("lin0.weight", new float[] {0.5f, 1, 0.25f, 1});
        t.put("lin1.weight", new float[] {1, 1, 1, 1});
        var h = new org.tri2plane.core.metrics.LpipsWeights.Header(org.tri2plane.core.metrics.LpipsWeights.FORMAT, 1, "tiny",
                List.of(-0.03, -0.088, -0.188), List.of(0.458, 0.448, 0.45),
                List.of(org.tri2plane.core.metrics.LpipsWeights.Layer.conv("c0", 3, 4, 3, 1, 1),
                        org.tri2plane.core.metrics.LpipsWeights.Layer.relu(), org.tri2plane.core.metrics.LpipsWeights.Layer.tap(),
                        org.tri2plane.core.metrics.LpipsWeights.Layer.maxpool(2, 2),
                        org.tri2plane.core.metrics.LpipsWeights.Layer.conv("c1", 4, 4, 3, 1, 1),
                        org.tri2plane.core.metrics.LpipsWeights.Layer.relu(), org.tri2plane.core.metrics.LpipsWeights.Layer.tap()),
                List.of(new org.tri2plane.core.metrics.LpipsWeights.Tensor("c0.weight", List.of(4L, 3L, 3L, 3L)),
                        new org.tri2plane.core.metrics.LpipsWeights.Tensor("c0.bias", List.of(4L)),
                        new org.tri2plane.core.metrics.LpipsWeights.Tensor("c1.weight", List.of(4L, 4L, 3L, 3L)),
                        new org.tri2plane.core.metrics.LpipsWeights.Tensor("c1.bias", List.of(4L)),
                        new org.tri2plane.core.metrics.LpipsWeights.Tensor("lin0.weight", List.of(1L, 4L, 1L, 1L)),
                        new org.tri2plane.core.metrics.LpipsWeights.Tensor("lin1.weight", List.of(1L, 4L, 1L, 1L))));
        Path weights = tmp.resolve("lpips-tiny.t2w");
        new org.tri2plane.core.metrics.LpipsWeights(h, t).write(weights);
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "ll");
        Path out = tmp.resolve("run");
        TrainResult r = new Trainer(s -> { }).run(new TrainOptions(subject, CONFIG, out, 3, null, null, weights, false));
        assertEquals("lpips-tiny", r.perceptual());
        assertEquals("lpips-tiny", Checkpoint.meta(out.resolve(Checkpoint.FOLDER)).perceptual());
        assertTrue(Files.readString(out.resolve(Trainer.LOG)).contains("\"perceptual\":\"lpips-tiny\""));
        // continuing without the weights would silently change the loss: refused
        TrainingException other = assertThrows(TrainingException.class, () -> train(subject, out, 5, true));
        assertTrue(other.getMessage().contains("lpips-tiny") && other.getMessage().contains("ms-ssim"), other.getMessage());
    }

    @Test
    void anAddedListenerWatchesEveryStepAfterTheStandardOnesWithoutChangingTheRun(@TempDir Path tmp) throws Exception {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "ls");
        List<String> calls = new ArrayList<>();
        List<StepRecord> records = new ArrayList<>();
        TrainingListener watcher = new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingRun run) {
                calls.add("begin " + run.step() + "/" + run.steps());
            }

            @Override
            public void onStepTensors(TrainingRun run, StepTensors tensors) {
                calls.add("tensors " + tensors.step() + " " + tensors.forward().superResolved().getShape());
            }

            @Override
            public void onStep(TrainingRun run, StepRecord record) {
                records.add(record);
                calls.add("step " + record.step() + " saved " + run.lastSaved());
            }

            @Override
            public void onTrainingEnd(TrainingRun run, boolean interrupted) {
                calls.add("end " + interrupted);
            }
        };
        Path watched = tmp.resolve("watched");
        TrainResult w = new Trainer(s -> { }).addListener(watcher)
                .run(new TrainOptions(subject, CONFIG, watched, 10, null, null, null, false));
        int side = CONFIG.superResolution().outputResolution();
        String shape = "(1, 3, " + side + ", " + side + ")";
        List<String> expected = new ArrayList<>(List.of("begin 0/10"));
        for (int step = 1; step <= 10; step++) {
            expected.add("tensors " + step + " " + shape);
            // the checkpoint listener, before this one, has saved step 10 (checkpointEvery) when step 10 is reported
            expected.add("step " + step + " saved " + (step == 10 ? 10 : 0));
        }
        expected.add("end false");
        assertEquals(expected, calls);
        List<Map<String, Double>> logged = log(watched);
        for (int i = 0; i < 10; i++) {
            assertEquals(logged.get(i).get("rgb0"), records.get(i).terms().get("rgb0"), 1e-6, "step " + (i + 1));
            assertEquals(logged.get(i).get("psnr") == null, Double.isNaN(records.get(i).heldOutPsnr()),
                    "the held-out PSNR of step " + (i + 1) + " reaches the listener as the log records it");
        }
        // watching changes nothing: the same steps without the listener end at the same loss, bit for bit
        TrainResult plain = train(subject, tmp.resolve("plain"), 10, false);
        assertEquals(plain.lastLoss(), w.lastLoss(), 0.0);
    }

    @Test
    void aStopRequestSavesAndReturns(@TempDir Path tmp) throws Exception {
        Path subject = SyntheticSubject.write(tmp.resolve("disc"), 8, 2, 4, 92, "ss");
        Path out = tmp.resolve("run");
        Trainer trainer = new Trainer(s -> { });
        java.util.concurrent.atomic.AtomicReference<TrainResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(trainer.run(new TrainOptions(subject, CONFIG, out, 100000, null, null, null, false)));
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        });
        t.start();
        while (!Files.exists(out.resolve(Trainer.LOG)) || Files.readAllLines(out.resolve(Trainer.LOG)).size() < 3) {
            assertTrue(t.isAlive(), () -> "the training ended before its third step: " + failure.get());
            Thread.sleep(50);
        }
        trainer.requestStop(); // what Ctrl-C does through the shutdown hook
        t.join(60000);
        assertFalse(t.isAlive());
        TrainResult r = result.get();
        assertTrue(r.interrupted());
        assertTrue(r.step() >= 3 && r.step() < 100000);
        assertEquals(r.step(), Checkpoint.meta(out.resolve(Checkpoint.FOLDER)).step(), "saved at the step reached");
    }

    private static float[] randn(java.util.Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * 0.3);
        }
        return a;
    }

    @Test
    void configWithTrainingKeysLoads() {
        assertEquals(10, CONFIG.training().checkpointEvery());
        assertEquals(CONFIG, new ConfigLoader().parse(new ConfigLoader().toJson(CONFIG), Tri2PlaneConfig.class, "x"));
    }
}
