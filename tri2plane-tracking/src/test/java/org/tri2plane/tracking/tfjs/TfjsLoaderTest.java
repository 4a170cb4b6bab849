package org.tri2plane.tracking.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsLoaderTest {

    @Test
    void float16DecodesKnownValues() {
        assertEquals(1f, WeightDecoder.halfToFloat((short) 0x3C00));
        assertEquals(-2f, WeightDecoder.halfToFloat((short) 0xC000));
        assertEquals(65504f, WeightDecoder.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, WeightDecoder.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0.333251953125f, WeightDecoder.halfToFloat((short) 0x3555));
        assertEquals(Float.NEGATIVE_INFINITY, WeightDecoder.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(WeightDecoder.halfToFloat((short) 0x7E00)));
        assertEquals(-0f, WeightDecoder.halfToFloat((short) 0x8000));
    }

    @Test
    void eachWeightEncodingDecodes() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1.5f).putFloat(-3f); // float32 [2]
        b.putShort((short) 0x3C00).putShort((short) 0xC000); // float16 [2]
        b.put((byte) 0).put((byte) 10).put((byte) 255); // uint8 [3], scale 0.5, min -1
        b.putShort((short) 1000); // uint16 [1], scale 0.01, min 2
        b.putInt(-7).putInt(42); // int32 [2]
        byte[] bytes = b.array();
        assertArrayEquals(new float[] {1.5f, -3f},
                WeightDecoder.decode(bytes, 0, new long[] {2}, "float32", null, 1, 0).floats());
        assertArrayEquals(new float[] {1f, -2f},
                WeightDecoder.decode(bytes, 8, new long[] {2}, "float32", "float16", 1, 0).floats());
        assertArrayEquals(new float[] {-1f, 4f, 126.5f},
                WeightDecoder.decode(bytes, 12, new long[] {3}, "float32", "uint8", 0.5, -1).floats());
        assertArrayEquals(new float[] {12f},
                WeightDecoder.decode(bytes, 15, new long[] {1}, "float32", "uint16", 0.01, 2).floats(), 1e-5f);
        assertArrayEquals(new int[] {-7, 42},
                WeightDecoder.decode(bytes, 17, new long[] {2}, "int32", null, 1, 0).ints());
        assertThrows(TfjsFormatException.class, () -> WeightDecoder.decode(bytes, 0, new long[] {1}, "complex64", null, 1, 0));
    }

    @Test
    void tensorflowSamePaddingIsAsymmetric() {
        // 256 in, k3 s2: out 128, one extra zero at the bottom/right
        assertArrayEquals(new long[] {0, 1, 128}, TfjsOps.tfPadding("SAME", 256, 3, 2, 1));
        // k5 s2: total 3 → 1 before, 2 after
        assertArrayEquals(new long[] {1, 2, 128}, TfjsOps.tfPadding("SAME", 256, 5, 2, 1));
        // k3 s1: symmetric
        assertArrayEquals(new long[] {1, 1, 64}, TfjsOps.tfPadding("SAME", 64, 3, 1, 1));
        assertArrayEquals(new long[] {0, 0, 62}, TfjsOps.tfPadding("VALID", 64, 3, 1, 1));
    }

    /** A two-node graph written in the TFJS format with mixed weight encodings. */
    private static Path writeModel(Path dir, float[] filter, float[] bias) throws IOException {
        // filter HWIO [3, 3, 2, 4] stored as float16 (values chosen to be exact in half precision),
        // bias [4] as uint8 with scale 0.25 and min -1, reshape target as int32
        ByteBuffer b = ByteBuffer.allocate(2 * filter.length + bias.length + 4 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : filter) {
            b.putShort(floatToHalfExact(f));
        }
        for (float v : bias) {
            b.put((byte) Math.round((v + 1) / 0.25));
        }
        b.putInt(1).putInt(-1);
        Files.write(dir.resolve("w.bin"), b.array());
        String json = """
            {"format": "graph-model", "generatedBy": "test", "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder", "attr": {}},
              {"name": "f", "op": "Const", "attr": {}},
              {"name": "b", "op": "Const", "attr": {}},
              {"name": "s", "op": "Const", "attr": {}},
              {"name": "conv", "op": "_FusedConv2D", "input": ["x", "f", "b", "^x"], "attr": {
                 "strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "U0FNRQ=="},
                 "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}}},
              {"name": "flat", "op": "Reshape", "input": ["conv", "s"], "attr": {}},
              {"name": "out", "op": "Identity", "input": ["flat:0"], "attr": {}}]},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [
              {"name": "f", "shape": [3, 3, 2, 4], "dtype": "float32", "quantization": {"dtype": "float16"}},
              {"name": "b", "shape": [4], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.25, "min": -1}},
              {"name": "s", "shape": [2], "dtype": "int32"}]}]}
            """;
        Path model = dir.resolve("model.json");
        Files.writeString(model, json);
        return model;
    }

    private static short floatToHalfExact(float f) {
        // values used here are multiples of 1/8 in [-4, 4]: exact in binary16
        if (f == 0) {
            return 0;
        }
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        return (short) (sign | (exp << 10) | mant);
    }

    @Test
    void aWeightFileOutsideTheModelsFolderIsRefusedByName(@TempDir Path dir) throws IOException {
        Path model = writeModel(Files.createDirectories(dir.resolve("m")), new float[3 * 3 * 2 * 4], new float[4]);
        Files.move(dir.resolve("m").resolve("w.bin"), dir.resolve("w.bin"));
        Files.writeString(model, Files.readString(model).replace("\"paths\": [\"w.bin\"]", "\"paths\": [\"../w.bin\"]"));
        TfjsFormatException e = assertThrows(TfjsFormatException.class, () -> TfjsModelFile.read(model));
        assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("'../w.bin' is not a file inside"),
                e.getMessage());
    }

    @Test
    void smallGraphRunsLikeADirectComputation(@TempDir Path dir) throws IOException {
        Random r = new Random(3);
        float[] filter = new float[3 * 3 * 2 * 4];
        for (int i = 0; i < filter.length; i++) {
            filter[i] = (r.nextInt(65) - 32) / 8f;
        }
        float[] bias = {-1f, 0.25f, 2f, 10f};
        TfjsModelFile file = TfjsModelFile.read(writeModel(dir, filter, bias));
        assertArrayEquals(bias, file.weights().get("b").floats());
        int h = 6, w = 5;
        float[] x = new float[h * w * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager(); TfjsGraph g = new TfjsGraph(file, m)) {
            NDArray out = g.execute(Map.of("x", m.create(x, new Shape(1, h, w, 2))), List.of("out")).singletonOrThrow();
            // SAME, stride 2: out 3 x 3; TF pads 0 before and 1 after on H (6: total 1), 1 and 1 on W (5: total 2)
            assertArrayEquals(new long[] {1, 3 * 3 * 4}, out.getShape().getShape());
            float[] got = out.toFloatArray();
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 3; ox++) {
                    for (int o = 0; o < 4; o++) {
                        double acc = bias[o];
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = oy * 2 + ky; // pad top 0
                                int ix = ox * 2 + kx - 1; // pad left 1
                                if (iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < 2; c++) {
                                    acc += x[(iy * w + ix) * 2 + c] * filter[((ky * 3 + kx) * 2 + c) * 4 + o];
                                }
                            }
                        }
                        double expect = Math.max(0, acc);
                        assertEquals(expect, got[(oy * 3 + ox) * 4 + o], 1e-4, "NHWC output " + oy + "," + ox + "," + o);
                    }
                }
            }
        }
    }

    @Test
    void unsupportedOpsAndMissingWeightsAreNamed(@TempDir Path dir) throws IOException {
        Path model = writeModel(dir, new float[72], new float[] {0, 0, 0, 0});
        Files.writeString(model, Files.readString(model).replace("\"op\": \"Identity\"", "\"op\": \"Einsum\""));
        TfjsModelFile file = TfjsModelFile.read(model);
        try (NDManager m = NDManager.newBaseManager()) {
            TfjsFormatException e = assertThrows(TfjsFormatException.class, () -> new TfjsGraph(file, m));
            assertTrue(e.getMessage().contains("Einsum"), e.getMessage());
        }
        Files.delete(dir.resolve("w.bin"));
        TfjsFormatException missing = assertThrows(TfjsFormatException.class, () -> TfjsModelFile.read(model));
        assertTrue(missing.getMessage().contains("w.bin"), missing.getMessage());
    }

    @Test
    void transposedConvolutionIsTheAdjointOfConvolution(@TempDir Path dir) throws IOException {
        // Conv2DBackpropInput computes the adjoint of the forward convolution with the same filter
        // and TF's SAME geometry: <conv(y), x> = <y, convT(x)>. Stride 2, kernel 3: asymmetric padding.
        Random r = new Random(5);
        float[] filter = new float[3 * 3 * 3 * 5]; // [H, W, out = 3, in = 5]
        for (int i = 0; i < filter.length; i++) {
            filter[i] = (float) r.nextGaussian();
        }
        ByteBuffer b = ByteBuffer.allocate(4 * 4 + 4 * filter.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(8).putInt(8).putInt(3);
        for (float f : filter) {
            b.putFloat(f);
        }
        Files.write(dir.resolve("t.bin"), b.array());
        Files.writeString(dir.resolve("t.json"), """
            {"format": "graph-model", "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder"},
              {"name": "sizes", "op": "Const"},
              {"name": "f", "op": "Const"},
              {"name": "up", "op": "Conv2DBackpropInput", "input": ["sizes", "f", "x"], "attr": {
                 "strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "U0FNRQ=="}}}]},
             "weightsManifest": [{"paths": ["t.bin"], "weights": [
              {"name": "sizes", "shape": [4], "dtype": "int32"},
              {"name": "f", "shape": [3, 3, 3, 5], "dtype": "float32"}]}]}
            """);
        TfjsModelFile file = TfjsModelFile.read(dir.resolve("t.json"));
        try (NDManager m = NDManager.newBaseManager(); TfjsGraph g = new TfjsGraph(file, m)) {
            NDArray y = m.randomNormal(new Shape(1, 3, 8, 8)); // NCHW input of the forward conv
            NDArray oihw = m.create(filter, new Shape(3, 3, 3, 5)).transpose(3, 2, 0, 1);
            long[] ph = TfjsOps.tfPadding("SAME", 8, 3, 2, 1);
            assertArrayEquals(new long[] {0, 1, 4}, ph);
            NDArray fwd = Conv2d.conv2d(TfjsOps.pad2d(y, ph[0], ph[1], ph[0], ph[1], 0f), oihw, null, new Shape(2, 2))
                    .singletonOrThrow(); // [1, 5, 4, 4]
            NDArray x = m.randomNormal(fwd.getShape());
            NDArray back = g.execute(Map.of("x", x.transpose(0, 2, 3, 1)), List.of("up")).singletonOrThrow();
            assertArrayEquals(new long[] {1, 8, 8, 3}, back.getShape().getShape());
            float lhs = fwd.mul(x).sum().getFloat();
            float rhs = y.mul(back.transpose(0, 3, 1, 2)).sum().getFloat();
            assertEquals(lhs, rhs, 1e-4 * Math.max(1, Math.abs(lhs)));
        }
    }
}
