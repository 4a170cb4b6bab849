package org.tri2plane.core.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LPIPS weights in Tri2plane-J's weight-file format (documented in docs/lpips.md, written by
 * scripts/export_lpips_weights.py from the reference {@code lpips} package): the 8 bytes
 * {@code T2PW0001}, a little-endian int32 header length, a UTF-8 JSON {@link Header}, then every
 * tensor of the header in order as little-endian float32.
 *
 * <p>The header describes the backbone as a list of layers (conv, relu, maxpool, tap), so VGG-16,
 * AlexNet or a tiny test network are all the same code; each tap gets a 1x1 linear head.
 */
public record LpipsWeights(Header header, Map<String, float[]> tensors) {

    static final byte[] MAGIC = "T2PW0001".getBytes(StandardCharsets.US_ASCII);

    /** The JSON header. */
    public record Header(String format, int version, String backbone, List<Double> shift, List<Double> scale,
            List<Layer> layers, List<Tensor> tensors) {}

    /** One backbone layer: op is conv (in, out, kernel, stride, padding, name), relu, maxpool (kernel, stride) or tap. */
    public record Layer(String op, String name, Integer in, Integer out, Integer kernel, Integer stride, Integer padding) {
        public static Layer conv(String name, int in, int out, int kernel, int stride, int padding) {
            return new Layer("conv", name, in, out, kernel, stride, padding);
        }

        public static Layer relu() {
            return new Layer("relu", null, null, null, null, null, null);
        }

        public static Layer maxpool(int kernel, int stride) {
            return new Layer("maxpool", null, null, null, kernel, stride, null);
        }

        public static Layer tap() {
            return new Layer("tap", null, null, null, null, null, null);
        }
    }

    /** A tensor's name and shape. */
    public record Tensor(String name, List<Long> shape) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public static final String FORMAT = "tri2plane-weights";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads a weight file; the message names the file and what is wrong. */
    public static LpipsWeights read(Path file) {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(file + " is not a Tri2plane-J weight file (see docs/lpips.md;"
                        + " scripts/export_lpips_weights.py writes one)");
            }
            byte[] lenBytes = new byte[4];
            in.readFully(lenBytes);
            int len = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] json = new byte[len];
            in.readFully(json);
            Header h = JSON.readValue(json, Header.class);
            if (!FORMAT.equals(h.format()) || h.version() != 1) {
                throw new IllegalArgumentException(file + ": unsupported weight format " + h.format() + " v" + h.version());
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (Tensor t : h.tensors()) {
                byte[] b = new byte[Math.toIntExact(4 * t.size())];
                in.readFully(b);
                float[] f = new float[(int) t.size()];
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                tensors.put(t.name(), f);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException(file + " has bytes after its last tensor");
            }
            return new LpipsWeights(h, tensors);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("LPIPS weight file not found: " + file);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this file (tensors in header order). */
    public void write(Path file) throws IOException {
        byte[] json = JSON.writeValueAsBytes(header);
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(json.length).array());
            out.write(json);
            for (Tensor t : header.tensors()) {
                float[] f = tensors.get(t.name());
                if (f == null || f.length != t.size()) {
                    throw new IllegalStateException("tensor " + t.name() + " missing or of the wrong size");
                }
                ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(f);
                out.write(b.array());
            }
        }
    }
}
