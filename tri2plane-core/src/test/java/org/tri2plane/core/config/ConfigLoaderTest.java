package org.tri2plane.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tri2plane.core.TestSupport;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @ParameterizedTest
    @ValueSource(strings = {"paper", "paper-1024", "released", "tiny", "gpu"})
    void shippedConfigsLoadAndRoundTrip(String name) {
        Tri2PlaneConfig c = TestSupport.config(name);
        assertEquals(name, c.name());
        assertEquals(c, loader.parse(loader.toJson(c), "round trip"));
    }

    @Test
    void theGpuConfigIsThePapersModelWithTheStudiedTraining() {
        // demo.sh --gpu trains gpu.json: the paper's sizes, with what the CPU studies found
        // (canonical planes, a warmed-up, decayed schedule, the expression and geometry terms)
        Tri2PlaneConfig paper = TestSupport.config("paper");
        Tri2PlaneConfig gpu = TestSupport.config("gpu");
        assertEquals(paper.frame(), gpu.frame());
        assertEquals(paper.rendering(), gpu.rendering());
        assertEquals(paper.superResolution(), gpu.superResolution());
        assertEquals(paper.field(), gpu.field());
        assertEquals(paper.generator().planeResolutions(), gpu.generator().planeResolutions());
        assertEquals(paper.generator().planeChannels(), gpu.generator().planeChannels());
        assertEquals(paper.generator().channelBase(), gpu.generator().channelBase());
        assertTrue(!paper.generator().canonicalPlanes() && gpu.generator().canonicalPlanes());
        assertTrue(gpu.training().schedule().warmupSteps() > 0 && gpu.training().schedule().finalFraction() < 1);
        assertTrue(gpu.encoder().alignedChannels() > 0 && gpu.loss().regionWeight() > 1);
        assertTrue(gpu.geometry().depthWeight() > 0 && gpu.geometry().turnedViewDegrees() > 0);
        assertEquals(0.0, paper.geometry().depthWeight(), "paper.json stays the paper");
    }

    @Test
    void paperConfigHasThePapersSizes() {
        Tri2PlaneConfig c = TestSupport.config("paper");
        assertEquals(List.of(128, 256, 512), c.generator().planeResolutions());
        assertEquals(32, c.generator().planeChannels());
        assertEquals(64, c.rendering().samplesPerRay());
        assertEquals(128, c.frame().raysPerSide());
        assertEquals(512, c.superResolution().outputResolution());
        assertEquals(736, c.frame().frameSize());
        assertEquals(112, c.frame().maxWindowOffset());
        assertEquals(1e-4, c.training().learningRate());
        assertEquals(1.0, c.loss().lambdaPerceptual());
        assertEquals(0.1, c.loss().lambdaMask());
        assertEquals(1024, TestSupport.config("paper-1024").superResolution().outputResolution());
    }

    @Test
    void releasedConfigDiffersWhereTheCodeDoes() {
        Tri2PlaneConfig c = TestSupport.config("released");
        assertEquals(32, c.rendering().samplesPerRay());
        assertEquals(2, c.generator().crossPlaneSteps());
        assertEquals(4, c.field().viewFrequencies());
        assertEquals(0.01, c.field().densityNoiseStd());
        assertEquals(List.of(32, 64, 128, 256), c.encoder().channels());
        // channels capped at 256: 192 at 128², 96 at 256², 48 at 512²
        assertEquals(192, c.generator().channelsAt(128));
        assertEquals(96, c.generator().channelsAt(256));
        assertEquals(48, c.generator().channelsAt(512));
        assertEquals(256, c.generator().channelsAt(64));
    }

    private String tinyJson() {
        try {
            return Files.readString(TestSupport.configsDir().resolve("tiny.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownKeyIsNamed() {
        String json = tinyJson().replace("\"samplesPerRay\": 16", "\"samplesPerRay\": 16, \"samplesPerRey\": 3");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(json, "my.json"));
        assertTrue(e.getMessage().contains("my.json"), e.getMessage());
        assertTrue(e.getMessage().contains("rendering.samplesPerRey"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsNamed() {
        String json = tinyJson().replace("\"samplesPerRay\": 16", "\"samplesPerRay\": 0");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(json, "my.json"));
        assertTrue(e.getMessage().contains("rendering.samplesPerRay must be >= 1, was 0"), e.getMessage());

        String window = tinyJson().replace("\"windowSize\": 128", "\"windowSize\": 100");
        ConfigException w = assertThrows(ConfigException.class, () -> loader.parse(window, "my.json"));
        assertTrue(w.getMessage().contains("frame.windowSize"), w.getMessage());

        String huge = tinyJson().replace("\"samplesPerRay\": 16", "\"samplesPerRay\": 2000000000");
        ConfigException h = assertThrows(ConfigException.class, () -> loader.parse(huge, "my.json"));
        assertTrue(h.getMessage().contains("rendering.samplesPerRay must be <= 1024, was 2000000000"), h.getMessage());

        String tiles = tinyJson().replaceFirst("\"trainingTiles\": \\d", "\"trainingTiles\": 5");
        ConfigException t = assertThrows(ConfigException.class, () -> loader.parse(tiles, "my.json"));
        assertTrue(t.getMessage().contains("superResolution.trainingTiles must be 1..4"), t.getMessage());

        String planes = tinyJson().replace("\"planeResolutions\": [32, 64, 128]", "\"planeResolutions\": [32, 48, 128]");
        ConfigException p = assertThrows(ConfigException.class, () -> loader.parse(planes, "my.json"));
        assertTrue(p.getMessage().contains("generator.planeResolutions"), p.getMessage());
    }

    @Test
    void aSavedConfigWithoutTheKeysAddedSinceReadsThePapersValues() throws Exception {
        String saved = "{\"config\": " + tinyJson().replaceFirst(", \"trainingTiles\": \\d", "")
                .replaceFirst(",\\s*\"emptyOpacity\": [0-9.]+", "") + "}";
        assertTrue(!saved.contains("trainingTiles") && !saved.contains("emptyOpacity"), saved);
        record Saved(Tri2PlaneConfig config) {}
        Tri2PlaneConfig c = loader.readSaved(saved, "config", Saved.class).config();
        assertEquals(4, c.superResolution().trainingTiles(), "an avatar trained before the key super-resolved the whole window");
        assertEquals(0.0, c.rendering().emptyOpacity());
    }

    @Test
    void missingKeyAndWrongTypeAreNamed() {
        String json = tinyJson().replace("\"samplesPerRay\": 16,", "");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(json, "my.json"));
        assertTrue(e.getMessage().contains("samplesPerRay"), e.getMessage());

        String wrong = tinyJson().replace("\"samplesPerRay\": 16", "\"samplesPerRay\": \"many\"");
        ConfigException t = assertThrows(ConfigException.class, () -> loader.parse(wrong, "my.json"));
        assertTrue(t.getMessage().contains("rendering.samplesPerRay"), t.getMessage());

        ConfigException broken = assertThrows(ConfigException.class, () -> loader.parse("{ \"name\": ", "my.json"));
        assertTrue(broken.getMessage().contains("not valid JSON"), broken.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Path.of("no/such/config.json")));
        assertTrue(e.getMessage().contains("no/such/config.json"), e.getMessage());
    }

    @Test
    void differencesListDottedKeys() {
        Tri2PlaneConfig paper = TestSupport.config("paper");
        Tri2PlaneConfig p1024 = TestSupport.config("paper-1024");
        assertEquals(List.of("name", "superResolution.outputResolution"), loader.differences(paper, p1024));
    }

    @Test
    void overridesReplaceExistingKeysAndAreValidated() {
        Path tiny = TestSupport.configsDir().resolve("tiny.json");
        Tri2PlaneConfig c = loader.load(tiny, List.of("training.learningRate=3e-3", "generator.planeResolutions=[16, 32, 64]",
                "training.blockLearningRates={\"sr\": 0.5}"));
        assertEquals(3e-3, c.training().learningRate());
        assertEquals(List.of(16, 32, 64), c.generator().planeResolutions());
        assertEquals(0.5, c.training().blockRate("sr"));
        assertEquals(1.0, c.training().blockRate("mlp"));
        assertEquals(loader.load(tiny), loader.load(tiny, List.of()));

        ConfigException unknown = assertThrows(ConfigException.class,
                () -> loader.load(tiny, List.of("training.learningRat=1")));
        assertTrue(unknown.getMessage().contains("no key 'training.learningRat'"), unknown.getMessage());
        ConfigException section = assertThrows(ConfigException.class, () -> loader.load(tiny, List.of("trainin.steps=1")));
        assertTrue(section.getMessage().contains("no section 'trainin'"), section.getMessage());
        ConfigException form = assertThrows(ConfigException.class, () -> loader.load(tiny, List.of("training.steps")));
        assertTrue(form.getMessage().contains("KEY=VALUE"), form.getMessage());
        ConfigException range = assertThrows(ConfigException.class, () -> loader.load(tiny, List.of("rendering.samplesPerRay=0")));
        assertTrue(range.getMessage().contains("rendering.samplesPerRay must be >= 1, was 0"), range.getMessage());
        ConfigException block = assertThrows(ConfigException.class,
                () -> loader.load(tiny, List.of("training.blockLearningRates={\"decoder\": 2}")));
        assertTrue(block.getMessage().contains("unknown block 'decoder'"), block.getMessage());
    }

    @Test
    void learningRateFollowsTheScheduleOverTheConfigsSteps() {
        TrainingConfig t = TestSupport.config("tiny").training();
        int warm = t.schedule().warmupSteps();
        assertEquals(t.learningRate() / warm, t.learningRateAt(1), 1e-15);
        assertEquals(t.learningRate(), t.learningRateAt(warm), 1e-15);
        assertEquals(t.learningRate() * t.schedule().finalFraction(), t.learningRateAt(t.steps()), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paper", "paper-1024", "released", "tiny", "gpu"})
    void everyShippedConfigSupervisesTheColourOfTheSrImage(String name) {
        // 1 − MS-SSIM alone charges a +0.1 brightness shift 0.0044 (an 8×8 blur 0.092): the image
        // that is shown and scored needs its own colour term
        assertTrue(TestSupport.config(name).loss().srL1Weight() > 0, name);
    }

    @Test
    void withChangesOneKeyByNameKeepsTheRestAndValidates() {
        Tri2PlaneConfig tiny = TestSupport.config("tiny");
        Tri2PlaneConfig wider = tiny.with("field.hiddenDim=" + 2 * tiny.field().hiddenDim(), "name=wider");
        assertEquals(2 * tiny.field().hiddenDim(), wider.field().hiddenDim());
        assertEquals("wider", wider.name());
        assertEquals(tiny.training(), wider.training());
        assertEquals(tiny.generator(), wider.generator());
        ConfigException unknown = assertThrows(ConfigException.class, () -> tiny.with("field.hiddenDims=3"));
        assertTrue(unknown.getMessage().contains("field.hiddenDims"), unknown.getMessage());
        ConfigException invalid = assertThrows(ConfigException.class, () -> tiny.with("rendering.samplesPerRay=0"));
        assertTrue(invalid.getMessage().contains("samplesPerRay"), invalid.getMessage());
        org.tri2plane.core.subject.TrackingSettings s = org.tri2plane.core.subject.TrackingSettings.defaults();
        assertEquals(128, s.with("frameSize=128").frameSize());
        assertEquals(s.background(), s.with("frameSize=128").background());
        assertThrows(ConfigException.class, () -> s.with("frameSize=8"));
    }
}
