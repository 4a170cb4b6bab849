package org.tri2plane.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads and writes {@link Tri2PlaneConfig} JSON with errors that name the file and the key. */
public final class ConfigLoader {

    private final ObjectMapper mapper;

    public ConfigLoader() {
        mapper =
                new ObjectMapper()
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The mapper configured for config records (strict on unknown and missing keys). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Loads and validates a model config file. */
    public Tri2PlaneConfig load(Path path) {
        return load(path, Tri2PlaneConfig.class);
    }

    /**
     * Loads a model config file with {@code overrides} applied, each {@code dotted.key=value} where
     * the key already exists in the file and the value is JSON ({@code 3e-3}, {@code [32, 64, 128]},
     * {@code true}; anything that does not parse as JSON is taken as a string). The result is
     * validated like a file that held those values.
     */
    public Tri2PlaneConfig load(Path path, List<String> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return load(path);
        }
        String text = read(path);
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        for (String o : overrides) {
            apply(tree, o, path.toString());
        }
        return parse(tree.toString(), Tri2PlaneConfig.class, path + " with " + String.join(" ", overrides));
    }

    /**
     * A copy of the config record {@code record} with {@code overrides} applied, each
     * {@code dotted.key=value} as in {@link #load(Path, List)}, validated like a file that held
     * those values: how code and tests change one key of a wide record by name.
     */
    @SuppressWarnings("unchecked")
    public <T> T with(T record, List<String> overrides) {
        JsonNode tree = mapper.valueToTree(record);
        String source = record.getClass().getSimpleName();
        for (String o : overrides) {
            apply(tree, o, source);
        }
        return parse(tree.toString(), (Class<T>) record.getClass(), source + " with " + String.join(" ", overrides));
    }

    /**
     * Keys added after configs were first saved inside checkpoints, with the value that gives the
     * model and training those checkpoints had (the paper's behaviour). A saved config without one
     * of them is read with that value, so an avatar trained by an earlier version still loads;
     * config files given by the user must still name every key.
     */
    private static final Map<String, Object> ADDED_KEYS = Map.ofEntries(
            Map.entry("encoder.alignedChannels", 0),
            Map.entry("encoder.globalCondition", true),
            Map.entry("loss.regionWeight", 1.0),
            Map.entry("training.meanGammaProbability", 0.0),
            Map.entry("training.regionPatchProbability", 0.0),
            Map.entry("geometry.depthWeight", 0.0),
            Map.entry("geometry.frontWeight", 0.0),
            Map.entry("geometry.distortionWeight", 0.0),
            Map.entry("geometry.surfaceMargin", 0.0),
            Map.entry("geometry.turnedViewDegrees", 0.0),
            Map.entry("geometry.emptyWeight", 0.0),
            Map.entry("rendering.emptyOpacity", 0.0),
            Map.entry("rendering.expressionWarp", 0.0),
            Map.entry("superResolution.trainingTiles", 4));

    /**
     * Parses JSON holding a saved config under {@code configField} (a model header or checkpoint
     * metadata) as {@code type}, first giving that config any key of {@link #ADDED_KEYS} it lacks,
     * and the file null for each of {@code fieldsAddedSince} (fields of {@code type} that files of
     * an older format version do not have).
     */
    public <T> T readSaved(String json, String configField, Class<T> type, String... fieldsAddedSince)
            throws JsonProcessingException {
        JsonNode tree = mapper.readTree(json);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            for (String field : fieldsAddedSince) {
                if (!o.has(field)) {
                    o.putNull(field);
                }
            }
        }
        JsonNode config = tree == null ? null : tree.get(configField);
        if (config != null && config.isObject()) {
            for (Map.Entry<String, Object> e : ADDED_KEYS.entrySet()) {
                String[] parts = e.getKey().split("\\.");
                JsonNode section = config.get(parts[0]);
                if (section == null) { // a section added since (geometry)
                    section = ((com.fasterxml.jackson.databind.node.ObjectNode) config).putObject(parts[0]);
                }
                if (section.isObject() && !section.has(parts[1])) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) section).set(parts[1], mapper.valueToTree(e.getValue()));
                }
            }
        }
        return mapper.treeToValue(tree, type);
    }

    private void apply(JsonNode tree, String override, String path) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "' is not KEY=VALUE (e.g. training.learningRate=3e-3)");
        }
        String key = override.substring(0, eq);
        String raw = override.substring(eq + 1);
        JsonNode value;
        try {
            value = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            value = null;
        }
        if (value == null || value.isMissingNode()) {
            value = mapper.getNodeFactory().textNode(raw);
        }
        String[] parts = key.split("\\.");
        JsonNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]);
            if (node == null || !node.isObject()) {
                throw new ConfigException("override '" + override + "': " + path + " has no section '"
                        + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "'");
            }
        }
        String last = parts[parts.length - 1];
        if (!node.has(last)) {
            throw new ConfigException("override '" + override + "': " + path + " has no key '" + key + "'");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).set(last, value);
    }

    /** Parses config JSON; {@code source} names it in error messages. */
    public Tri2PlaneConfig parse(String json, String source) {
        return parse(json, Tri2PlaneConfig.class, source);
    }

    /** Loads any strict config record (every key required, unknown keys refused) from a file. */
    public <T> T load(Path path, Class<T> type) {
        return parse(read(path), type, path.toString());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + path);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Parses any strict config record; {@code source} names the JSON in error messages. */
    public <T> T parse(String json, Class<T> type, String source) {
        try {
            return mapper.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    source + ": unknown key '" + keyPath(e) + "' (known keys here: "
                            + e.getKnownPropertyIds() + ")",
                    e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(source + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(
                    source + ": invalid value at '" + keyPath(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Serialises a config record (the form stored in checkpoint headers). */
    public String toJson(Object config) {
        try {
            return mapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise config", e);
        }
    }

    /** Config as a JSON tree. */
    public JsonNode toTree(Tri2PlaneConfig config) {
        return mapper.valueToTree(config);
    }

    /** Dotted keys whose values differ between two configs, e.g. {@code generator.planeChannels}. */
    public List<String> differences(Tri2PlaneConfig a, Tri2PlaneConfig b) {
        List<String> out = new ArrayList<>();
        diff("", toTree(a), toTree(b), out);
        return out;
    }

    private static void diff(String prefix, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                diff(key, e.getValue(), b.get(e.getKey()), out);
            }
            Iterator<String> names = b.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!a.has(n)) {
                    out.add(prefix.isEmpty() ? n : prefix + "." + n);
                }
            }
        } else if (a == null || !a.equals(b)) {
            out.add(prefix);
        }
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(root)" : sb.toString();
    }
}
