package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Sha256;

/**
 * The training-checkpoint format, read by training (to resume) and rendering (to draw): a
 * directory ({@value #FOLDER}/ of a run) with the model (ModelIO's two files), the Adam moments
 * ({@code optimizer.bin}: count, then per parameter its name and DJL's encoding of m and v) and
 * {@link CheckpointMeta}, which records optimizer.bin's SHA-256 as model.json records
 * model.params'. Written atomically: a failed write leaves the previous checkpoint whole. Every
 * file is verified (format, version, hash) before it is used; a damaged one is refused by name
 * with a {@link ModelFileException}.
 */
public final class Checkpoint {

    /** The checkpoint's folder inside a training run's output directory. */
    public static final String FOLDER = "checkpoint";
    public static final String META = "checkpoint.json";
    public static final String OPTIMIZER = "optimizer.bin";

    private static final ObjectMapper JSON = new ConfigLoader().mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoint() {}

    /**
     * The checkpoint folder that {@code path} names: {@code path} itself when it holds
     * {@value #META}, else its {@value #FOLDER}/ (a training run's output directory).
     */
    public static Path locate(Path path) {
        if (Files.isRegularFile(path.resolve(META))) {
            return path;
        }
        Path dir = path.resolve(FOLDER);
        if (!Files.isRegularFile(dir.resolve(META))) {
            throw new ModelFileException(path + " is not a training run or checkpoint (no " + META + " in " + path + " or "
                    + dir + "); train one with: tri2plane train --subject DIR --config FILE --out DIR");
        }
        return dir;
    }

    /** A loaded checkpoint: its metadata and model; the optimiser state is applied with {@link #restoreOptimizer}. */
    public record Loaded(CheckpointMeta meta, Tri2PlaneModel model, Path dir) {}

    /** Saves the state of training at {@code meta.step()} (its optimizerSha256 is filled in here). */
    public static void save(Path dir, Tri2PlaneModel model, Adam adam, CheckpointMeta meta) throws IOException {
        AtomicFiles.writeDirectory(dir, tmp -> {
            new ModelIO().writeInto(model, tmp);
            MessageDigest digest = Sha256.newDigest();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    new DigestOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER)), digest)))) {
                List<String> names = adam.names();
                out.writeInt(names.size());
                for (String name : names) {
                    out.writeUTF(name);
                    writeArray(out, adam.firstMoment(name));
                    writeArray(out, adam.secondMoment(name));
                }
            }
            Files.writeString(tmp.resolve(META), JSON.writeValueAsString(meta.withOptimizerSha256(Sha256.hex(digest))));
        });
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] b = a.encode();
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads only the metadata of a checkpoint. */
    public static CheckpointMeta meta(Path dir) {
        Path f = dir.resolve(META);
        try {
            // "environment": absent before version 3 recorded where the run trained
            CheckpointMeta m = new ConfigLoader().readSaved(Files.readString(f), "config", CheckpointMeta.class, "environment");
            if (!CheckpointMeta.FORMAT.equals(m.format()) || m.formatVersion() < CheckpointMeta.OLDEST_VERSION
                    || m.formatVersion() > CheckpointMeta.VERSION) {
                throw new ModelFileException(f + " is a " + m.format() + " v" + m.formatVersion() + " file, not a "
                        + CheckpointMeta.FORMAT + " v" + CheckpointMeta.VERSION + " checkpoint");
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new ModelFileException(dir + " holds no checkpoint (" + META + " is missing)");
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Loads the model of a checkpoint made with {@code config} (a different config is refused by key). */
    public static Loaded load(Path dir, NDManager manager, Tri2PlaneConfig config) {
        CheckpointMeta meta = meta(dir);
        Tri2PlaneModel model = new ModelIO().load(dir, manager, config);
        return new Loaded(meta, model, dir);
    }

    /**
     * Copies the saved Adam moments into {@code adam} and sets its step count from {@code meta}
     * (the checkpoint's metadata, as {@link #load} returned it), once their file matches the hash
     * it records.
     */
    public static void restoreOptimizer(Path dir, CheckpointMeta meta, Adam adam, NDManager manager) {
        Path f = dir.resolve(OPTIMIZER);
        String expected = meta.optimizerSha256();
        String actual;
        try {
            actual = Sha256.of(f);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(f + " is missing: the checkpoint is incomplete; start again without --resume");
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + f + ": " + e.getMessage(), e);
        }
        if (expected == null || !expected.equalsIgnoreCase(actual)) {
            throw new ModelFileException(f + " is damaged or was replaced: its SHA-256 is " + actual + " but " + dir.resolve(META)
                    + (expected == null ? " records none" : " records " + expected)
                    + "; resuming from it would change the training. Start again without --resume (the model in "
                    + dir + " is checked separately and can still be rendered)");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)));
                NDManager tmp = manager.newSubManager()) {
            int n = in.readInt();
            if (n != adam.names().size()) {
                throw new ModelFileException(f + " holds moments for " + n + " parameters, the model has " + adam.names().size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                NDArray m = readArray(in, tmp);
                NDArray v = readArray(in, tmp);
                adam.restore(name, m, v);
            }
            adam.setStepCount(meta.adamStep());
        } catch (NoSuchFileException e) {
            throw new ModelFileException(f + " is missing: the checkpoint is incomplete");
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException("cannot restore the optimiser from " + f + ": " + e.getMessage(), e);
        }
    }

    private static NDArray readArray(DataInputStream in, NDManager m) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return m.decode(b);
    }
}
