package org.tri2plane.tracking.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the weight encodings of the TFJS weights format (little-endian): float32, float16
 * ("quantization": {"dtype": "float16"}), uint8 / uint16 affine quantization (value = q · scale +
 * min) and int32.
 */
public final class WeightDecoder {

    private WeightDecoder() {}

    /** Bytes per stored element for a weight of {@code dtype} stored as {@code quantDtype} (null: unquantized). */
    public static int bytesPerElement(String dtype, String quantDtype) {
        String stored = quantDtype != null ? quantDtype : dtype;
        return switch (stored) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8" -> 1;
            case "bool" -> 1;
            default -> throw new TfjsFormatException("unsupported weight dtype '" + stored + "'");
        };
    }

    /**
     * Decodes {@code count} elements from {@code bytes} at {@code offset}. Float weights come back
     * as floats, int32 as ints.
     */
    public static HostTensor decode(byte[] bytes, int offset, long[] shape, String dtype, String quantDtype,
            double scale, double min) {
        int count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, (int) d);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, count * bytesPerElement(dtype, quantDtype)).order(ByteOrder.LITTLE_ENDIAN);
        if ("int32".equals(dtype) && quantDtype == null) {
            int[] out = new int[count];
            buf.asIntBuffer().get(out);
            return new HostTensor(shape, null, out);
        }
        if (!"float32".equals(dtype) && !"int32".equals(dtype)) {
            throw new TfjsFormatException("unsupported weight dtype '" + dtype + "'");
        }
        float[] out = new float[count];
        if (quantDtype == null) {
            buf.asFloatBuffer().get(out);
        } else {
            switch (quantDtype) {
                case "float16" -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = halfToFloat(buf.getShort());
                    }
                }
                case "uint8" -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) ((buf.get() & 0xff) * scale + min);
                    }
                }
                case "uint16" -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) ((buf.getShort() & 0xffff) * scale + min);
                    }
                }
                default -> throw new TfjsFormatException("unsupported quantization dtype '" + quantDtype + "'");
            }
        }
        if ("int32".equals(dtype)) {
            int[] ints = new int[count];
            for (int i = 0; i < count; i++) {
                ints[i] = Math.round(out[i]);
            }
            return new HostTensor(shape, null, ints);
        }
        return new HostTensor(shape, out, null);
    }

    /** IEEE 754 binary16 → float (Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
