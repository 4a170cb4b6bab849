package org.tri2plane.core.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.config.ConfigException;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.ContainedPath;
import org.tri2plane.core.util.Sha256;

/**
 * Saves and loads a {@link Tri2PlaneModel} as a directory holding {@code model.json} (a
 * {@link ModelHeader}) and {@code model.params} (DJL's parameter encoding). Saving is atomic;
 * loading checks the format, the file's checksum, the config and every parameter's shape.
 */
public final class ModelIO {

    public static final String HEADER_FILE = "model.json";
    public static final String PARAMETERS_FILE = "model.params";

    private final ConfigLoader configs = new ConfigLoader();
    private final ObjectMapper mapper = configs.mapper();

    /** Saves {@code model} as directory {@code dir}, replacing it only once fully written. */
    public void save(Tri2PlaneModel model, Path dir) throws IOException {
        AtomicFiles.writeDirectory(dir, tmp -> writeInto(model, tmp));
    }

    /** Writes the model's two files into an existing directory (for composite checkpoints). */
    public void writeInto(Tri2PlaneModel model, Path dir) throws IOException {
        Path params = dir.resolve(PARAMETERS_FILE);
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream raw = Files.newOutputStream(params);
                DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(new DigestOutputStream(raw, digest)))) {
            model.saveParameters(out);
        }
        Map<String, Long> blocks = BlockParameters.counts(model);
        long total = blocks.values().stream().mapToLong(Long::longValue).sum();
        ModelHeader header = new ModelHeader(
                ModelHeader.FORMAT,
                ModelHeader.VERSION,
                model.config(),
                model.trainingFrames(),
                total,
                blocks,
                PARAMETERS_FILE,
                Sha256.hex(digest));
        Files.writeString(dir.resolve(HEADER_FILE), mapper.writeValueAsString(header));
    }

    /** Reads only the header of the model in {@code dir}. */
    public ModelHeader readHeader(Path dir) {
        Path file = dir.resolve(HEADER_FILE);
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(
                    dir + " is not a Tri2plane-J model: " + HEADER_FILE + " is missing (pass the directory"
                            + " written by training, e.g. runs/NAME/checkpoint)");
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ModelHeader header;
        try {
            header = configs.readSaved(json, "config", ModelHeader.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new ModelFileException(file + " is not a valid model header: " + cause.getMessage(), e);
        }
        if (!ModelHeader.FORMAT.equals(header.format())) {
            throw new ModelFileException(file + " has format '" + header.format() + "', expected '"
                    + ModelHeader.FORMAT + "'");
        }
        if (header.formatVersion() != ModelHeader.VERSION) {
            throw new ModelFileException(file + " has format version " + header.formatVersion()
                    + "; this build reads version " + ModelHeader.VERSION);
        }
        return header;
    }

    /**
     * Loads the model in {@code dir} into {@code manager}. With {@code expected} non-null the saved
     * config must equal it (the message lists the differing keys).
     */
    public Tri2PlaneModel load(Path dir, NDManager manager, Tri2PlaneConfig expected) {
        ModelHeader header = readHeader(dir);
        if (expected != null) {
            List<String> diff = configs.differences(header.config(), expected);
            if (!diff.isEmpty()) {
                throw new ConfigException(dir + " was saved with config '" + header.config().name()
                        + "', which differs from config '" + expected.name() + "' in: " + String.join(", ", diff));
            }
        }
        Path params;
        try {
            params = ContainedPath.resolve(dir, header.parametersFile());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(dir.resolve(HEADER_FILE) + ": parametersFile " + e.getMessage()
                    + "; a model file names its parameters beside it, as '" + PARAMETERS_FILE + "'");
        }
        String actual = sha256Of(params);
        if (!actual.equalsIgnoreCase(header.parametersSha256())) {
            throw new ModelFileException(params + " is damaged or was replaced: its SHA-256 is " + actual
                    + " but " + HEADER_FILE + " records " + header.parametersSha256());
        }
        Tri2PlaneModel model = new Tri2PlaneModel(header.config(), header.trainingFrames());
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            shapes.put(e.getKey(), e.getValue().getShape());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            model.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new ModelFileException("cannot read parameters from " + params + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Shape got = e.getValue().getShape();
            if (!got.equals(shapes.get(e.getKey()))) {
                throw new ModelFileException(params + ": parameter " + e.getKey() + " has shape " + got
                        + " but the config needs " + shapes.get(e.getKey()));
            }
            e.getValue().getArray().setRequiresGradient(true);
        }
        return model;
    }

    private static String sha256Of(Path file) {
        try {
            return Sha256.of(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("parameter file " + file + " is missing");
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
