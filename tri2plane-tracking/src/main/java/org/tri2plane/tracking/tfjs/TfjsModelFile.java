package org.tri2plane.tracking.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js graph model read from disk: {@code model.json} (the GraphDef as JSON plus the
 * weights manifest) and the weight files it names, decoded into {@link HostTensor}s by name.
 */
public final class TfjsModelFile {

    private final Path source;
    private final List<TfjsNode> nodes;
    private final Map<String, HostTensor> weights;
    private final String generatedBy;

    private TfjsModelFile(Path source, List<TfjsNode> nodes, Map<String, HostTensor> weights, String generatedBy) {
        this.source = source;
        this.nodes = nodes;
        this.weights = weights;
        this.generatedBy = generatedBy;
    }

    /** Reads {@code modelJson} and the weight files beside it. */
    public static TfjsModelFile read(Path modelJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(modelJson));
        } catch (NoSuchFileException e) {
            throw new TfjsFormatException("model file not found: " + modelJson);
        } catch (IOException e) {
            throw new TfjsFormatException("cannot read TFJS model " + modelJson + ": " + e.getMessage(), e);
        }
        if (!"graph-model".equals(root.path("format").asText())) {
            throw new TfjsFormatException(modelJson + " is not a TFJS graph model (format '"
                    + root.path("format").asText() + "')");
        }
        List<TfjsNode> nodes = new ArrayList<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> inputs = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String s = in.asText();
                if (!s.startsWith("^")) {
                    inputs.add(s);
                }
            }
            JsonNode attrs = n.has("attr") ? n.get("attr") : JsonNodeFactory.instance.objectNode();
            nodes.add(new TfjsNode(n.path("name").asText(), n.path("op").asText(), List.copyOf(inputs), attrs));
        }
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        Path dir = modelJson.toAbsolutePath().getParent();
        for (JsonNode group : root.path("weightsManifest")) {
            byte[] bytes = readGroup(dir, group.path("paths"), modelJson);
            int offset = 0;
            for (JsonNode w : group.path("weights")) {
                long[] shape = new long[w.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                }
                String dtype = w.path("dtype").asText();
                JsonNode q = w.get("quantization");
                String qd = q == null ? null : q.path("dtype").asText();
                double scale = q == null ? 1 : q.path("scale").asDouble(1);
                double min = q == null ? 0 : q.path("min").asDouble(0);
                long count = 1;
                for (long d : shape) {
                    count *= d;
                }
                int size = Math.toIntExact(count * WeightDecoder.bytesPerElement(dtype, qd));
                if (offset + size > bytes.length) {
                    throw new TfjsFormatException(modelJson + ": weight '" + w.path("name").asText()
                            + "' runs past the end of its weight files (" + bytes.length + " bytes)");
                }
                weights.put(w.path("name").asText(), WeightDecoder.decode(bytes, offset, shape, dtype, qd, scale, min));
                offset += size;
            }
            if (offset != bytes.length) {
                throw new TfjsFormatException(modelJson + ": the manifest describes " + offset
                        + " bytes but the weight files hold " + bytes.length);
            }
        }
        return new TfjsModelFile(modelJson, List.copyOf(nodes), Collections.unmodifiableMap(weights),
                root.path("generatedBy").asText());
    }

    private static byte[] readGroup(Path dir, JsonNode paths, Path modelJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode p : paths) {
            Path f;
            try {
                f = org.tri2plane.core.util.ContainedPath.resolve(dir, p.asText());
            } catch (IllegalArgumentException e) {
                throw new TfjsFormatException(modelJson + " names weight file " + e.getMessage());
            }
            try {
                out.write(Files.readAllBytes(f));
            } catch (NoSuchFileException e) {
                throw new TfjsFormatException("weight file " + f + " named by " + modelJson + " is missing");
            } catch (IOException e) {
                throw new TfjsFormatException("cannot read weight file " + f + ": " + e.getMessage(), e);
            }
        }
        return out.toByteArray();
    }

    public Path source() {
        return source;
    }

    public List<TfjsNode> nodes() {
        return nodes;
    }

    /** Decoded weights by node name. */
    public Map<String, HostTensor> weights() {
        return weights;
    }

    public String generatedBy() {
        return generatedBy;
    }
}
