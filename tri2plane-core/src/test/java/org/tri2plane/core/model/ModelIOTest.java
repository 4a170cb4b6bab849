package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.ConfigException;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;

class ModelIOTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        float[] before;
        float[] planesBefore;
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 5, m, 9);
            ParameterStore ps = new ParameterStore(m, false);
            // make the γ table non-trivial so that it is checked too
            model.latents().tableParameter().getArray().addi(m.randomNormal(model.latents().tableParameter().getShape()));
            FrameBatch batch = TinyModels.batch(model, ps, m, 2, 3, false);
            before = model.renderImage(ps, batch).toFloatArray();
            planesBefore = model.planes(ps, batch, false).get(1).toFloatArray();
            new ModelIO().save(model, dir);
        }
        assertTrue(Files.isRegularFile(dir.resolve(ModelIO.HEADER_FILE)));
        assertTrue(Files.isRegularFile(dir.resolve(ModelIO.PARAMETERS_FILE)));
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel loaded = new ModelIO().load(dir, m, TINY);
            assertEquals(5, loaded.trainingFrames());
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(loaded, ps, m, 2, 3, false);
            assertArrayEquals(planesBefore, loaded.planes(ps, batch, false).get(1).toFloatArray(), 0f);
            assertArrayEquals(before, loaded.renderImage(ps, batch).toFloatArray(), 0f);
            // loaded parameters are trainable again
            assertTrue(loaded.namedParameters().values().iterator().next().getArray().hasGradient());
        }
    }

    @Test
    void loadingWithAnotherConfigNamesTheDifferingKeys(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        try (NDManager m = NDManager.newBaseManager()) {
            new ModelIO().save(TinyModels.model(TINY, 2, m, 1), dir);
            Tri2PlaneConfig other = TINY.with("name=\"tiny-wide\"", "generator.channelMax=" + TINY.generator().channelMax() * 2);
            ConfigException e = assertThrows(ConfigException.class, () -> new ModelIO().load(dir, m, other));
            assertTrue(e.getMessage().contains("generator.channelMax"), e.getMessage());
            assertTrue(e.getMessage().contains("'tiny'"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    @Test
    void damagedOrMissingFilesAreReported(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        try (NDManager m = NDManager.newBaseManager()) {
            new ModelIO().save(TinyModels.model(TINY, 2, m, 1), dir);
            byte[] bytes = Files.readAllBytes(dir.resolve(ModelIO.PARAMETERS_FILE));
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(dir.resolve(ModelIO.PARAMETERS_FILE), bytes);
            ModelFileException damaged = assertThrows(ModelFileException.class, () -> new ModelIO().load(dir, m, null));
            assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());

            ModelFileException missing = assertThrows(ModelFileException.class,
                    () -> new ModelIO().load(tmp.resolve("nothing-here"), m, null));
            assertTrue(missing.getMessage().contains("model.json is missing"), missing.getMessage());
        }
    }

    @Test
    void aParametersFileOutsideTheModelFolderIsRefusedByName(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("ckpt").resolve("model");
        Path elsewhere = tmp.resolve("elsewhere");
        try (NDManager m = NDManager.newBaseManager()) {
            new ModelIO().save(TinyModels.model(TINY, 2, m, 1), dir);
            // a valid parameter file elsewhere on the machine, which a crafted header points at
            Files.createDirectories(elsewhere);
            Files.copy(dir.resolve(ModelIO.PARAMETERS_FILE), elsewhere.resolve("p.params"));
            String header = Files.readString(dir.resolve(ModelIO.HEADER_FILE));
            Path target = elsewhere.resolve("p.params");
            for (String crafted : List.of("../../elsewhere/p.params", target.toAbsolutePath().toString(), "sub/../model.params")) {
                Files.writeString(dir.resolve(ModelIO.HEADER_FILE), header.replace("\"" + ModelIO.PARAMETERS_FILE + "\"",
                        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(crafted)));
                ModelFileException e = assertThrows(ModelFileException.class, () -> new ModelIO().load(dir, m, null), crafted);
                assertTrue(e.getMessage().contains("parametersFile") && e.getMessage().contains(crafted), e.getMessage());
                assertFalse(e.getMessage().matches("(?s).*[0-9a-f]{64}.*"), "no hash of another file is printed: " + e.getMessage());
            }
            // a symbolic link inside the folder that leads out of it
            Files.move(dir.resolve(ModelIO.PARAMETERS_FILE), tmp.resolve("moved.params"));
            Files.createSymbolicLink(dir.resolve(ModelIO.PARAMETERS_FILE), target);
            Files.writeString(dir.resolve(ModelIO.HEADER_FILE), header);
            ModelFileException link = assertThrows(ModelFileException.class, () -> new ModelIO().load(dir, m, null));
            assertTrue(link.getMessage().contains("symbolic links"), link.getMessage());
        }
    }

    @Test
    void headerRecordsConfigAndCounts(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 3, m, 1);
            new ModelIO().save(model, dir);
            ModelHeader h = new ModelIO().readHeader(dir);
            assertEquals(TINY, h.config());
            assertEquals(3, h.trainingFrames());
            assertEquals(BlockParameters.counts(model), h.blockParameters());
            long total = 0;
            for (var p : model.namedParameters().values()) {
                total += p.getShape().size();
            }
            assertEquals(total, h.parameterCount());
            assertTrue(new ConfigLoader().differences(TINY, h.config()).isEmpty());
            // no temporary directories are left beside the model
            try (var s = Files.list(tmp)) {
                assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")));
            }
        }
    }

    @Test
    void blockProtocolForwardGivesThePlanes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 3, m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(model, ps, m, 1, 2, false);
            NDArray rows = m.create(new long[] {2});
            NDList out = model.forward(ps, new NDList(batch.condition(), batch.beta(), rows,
                    m.create(new float[] {-1.25f, -1.2f, 1.25f, 1.3f})), false);
            NDList planes = model.planes(ps, batch, false);
            // with the expression warp the aligned features follow the three planes, as planes() gives them
            assertEquals(TINY.rendering().expressionWarp() > 0 && TINY.encoder().alignedChannels() > 0 ? 6 : 3, out.size());
            assertEquals(planes.size(), out.size());
            var shapes = model.getOutputShapes(new ai.djl.ndarray.types.Shape[] {batch.condition().getShape()});
            assertEquals(out.size(), shapes.length);
            for (int i = 0; i < out.size(); i++) {
                assertEquals(shapes[i], out.get(i).getShape());
                assertArrayEquals(planes.get(i).toFloatArray(), out.get(i).toFloatArray(), 0f, "output " + i);
            }
        }
    }
}
