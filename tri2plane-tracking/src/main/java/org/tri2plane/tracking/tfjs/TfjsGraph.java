package org.tri2plane.tracking.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tri2plane.core.nn.Resample;
import org.tri2plane.core.util.NoGrad;

/**
 * Runs a TFJS graph model with DJL (inference only). Activations are kept in PyTorch's NCHW
 * layout; constants stay in TensorFlow's layout and are converted where an op needs them
 * (HWIO filters → OIHW, per-channel vectors → [1, C, 1, 1]). TensorFlow's "SAME" padding is
 * reproduced exactly, including its extra bottom/right row for even kernels and strides.
 *
 * <p>Supported ops: Placeholder, Const, Identity, Conv2D, _FusedConv2D and
 * _FusedDepthwiseConv2dNative (BiasAdd + Relu / Relu6 / Prelu / LeakyRelu), DepthwiseConv2dNative,
 * Conv2DBackpropInput, Add, AddV2, AddN, Sub, Mul, BiasAdd, Relu, Relu6, Prelu, Sigmoid,
 * MaxPool, AvgPool, Pad, Reshape, ResizeBilinear.
 */
public final class TfjsGraph implements AutoCloseable {

    static final Set<String> SUPPORTED = Set.of(
            "Placeholder", "Const", "Identity", "Conv2D", "_FusedConv2D", "_FusedDepthwiseConv2dNative",
            "DepthwiseConv2dNative", "Conv2DBackpropInput", "Add", "AddV2", "AddN", "Sub", "Mul", "BiasAdd",
            "Relu", "Relu6", "Prelu", "Sigmoid", "MaxPool", "AvgPool", "Pad", "Reshape", "ResizeBilinear");

    /** A tensor during execution: the array and whether a 4-D array is in NCHW (else TF's NHWC). */
    private record Value(NDArray array, boolean nchw) {}

    private final TfjsModelFile model;
    private final Map<String, TfjsNode> nodes = new LinkedHashMap<>();
    private final NDManager constants;
    private final Map<String, NDArray> converted = new HashMap<>();

    /** Prepares {@code model} for execution; constant arrays live in a sub-manager of {@code manager}. */
    public TfjsGraph(TfjsModelFile model, NDManager manager) {
        this.model = model;
        this.constants = manager.newSubManager();
        for (TfjsNode n : model.nodes()) {
            if (!SUPPORTED.contains(n.op())) {
                throw new TfjsFormatException(model.source() + ": op '" + n.op() + "' (node " + n.name()
                        + ") is not supported by this loader");
            }
            nodes.put(n.name(), n);
        }
    }

    /**
     * Runs the graph. {@code inputs} maps placeholder names to NHWC arrays; returns the requested
     * outputs ({@code name} or {@code name:0}) in TensorFlow's layout. Intermediates are closed.
     */
    public NDList execute(Map<String, NDArray> inputs, List<String> outputs) {
        try (NoGrad g = NoGrad.enter(); NDScope scope = new NDScope()) {
            Map<String, Value> memo = new HashMap<>();
            NDManager work = inputs.values().iterator().next().getManager();
            for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
                String name = strip(e.getKey());
                if (!nodes.containsKey(name) || !"Placeholder".equals(nodes.get(name).op())) {
                    throw new IllegalArgumentException("'" + name + "' is not an input of " + model.source());
                }
                NDArray a = e.getValue();
                memo.put(name, a.getShape().dimension() == 4 ? new Value(a.transpose(0, 3, 1, 2), true) : new Value(a, false));
            }
            NDList out = new NDList();
            for (String o : outputs) {
                NDArray r = nhwc(eval(strip(o), memo, work));
                out.add(r);
            }
            for (NDArray a : out) {
                NDScope.unregister(a);
            }
            return out;
        }
    }

    private static String strip(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    private Value eval(String name, Map<String, Value> memo, NDManager work) {
        Value v = memo.get(name);
        if (v != null) {
            return v;
        }
        TfjsNode n = nodes.get(name);
        if (n == null) {
            throw new TfjsFormatException(model.source() + ": no node named '" + name + "'");
        }
        v = switch (n.op()) {
            case "Placeholder" -> throw new IllegalArgumentException("input '" + name + "' was not given");
            case "Const" -> new Value(constant(name), false);
            case "Identity" -> input(n, 0, memo, work);
            case "Conv2D", "_FusedConv2D" -> conv(n, memo, work, false);
            case "DepthwiseConv2dNative", "_FusedDepthwiseConv2dNative" -> conv(n, memo, work, true);
            case "Conv2DBackpropInput" -> transposedConv(n, memo, work);
            case "Add", "AddV2", "BiasAdd" -> binary(input(n, 0, memo, work), input(n, 1, memo, work), '+');
            case "Sub" -> binary(input(n, 0, memo, work), input(n, 1, memo, work), '-');
            case "Mul" -> binary(input(n, 0, memo, work), input(n, 1, memo, work), '*');
            case "AddN" -> {
                Value acc = input(n, 0, memo, work);
                for (int i = 1; i < n.inputs().size(); i++) {
                    acc = binary(acc, input(n, i, memo, work), '+');
                }
                yield acc;
            }
            case "Relu", "Relu6", "Sigmoid" -> {
                Value x = input(n, 0, memo, work);
                yield new Value(activation(n.op(), x.array(), null), x.nchw());
            }
            case "Prelu" -> {
                Value x = input(n, 0, memo, work);
                NDArray alpha = x.nchw() ? channelVector(n.inputs().get(1), memo, work) : input(n, 1, memo, work).array();
                yield new Value(prelu(x.array(), alpha), x.nchw());
            }
            case "MaxPool", "AvgPool" -> pool(n, memo, work);
            case "Pad" -> pad(n, memo, work);
            case "Reshape" -> {
                NDArray x = nhwc(input(n, 0, memo, work));
                int[] shape = intsOf(n.inputs().get(1));
                long[] s = new long[shape.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = shape[i];
                }
                yield new Value(x.reshape(new Shape(s)), false);
            }
            case "ResizeBilinear" -> resize(n, memo, work);
            default -> throw new TfjsFormatException("op '" + n.op() + "' is not supported");
        };
        memo.put(name, v);
        return v;
    }

    private Value input(TfjsNode n, int i, Map<String, Value> memo, NDManager work) {
        return eval(strip(n.inputs().get(i)), memo, work);
    }

    private NDArray constant(String name) {
        return converted.computeIfAbsent(name, k -> {
            HostTensor t = host(k);
            Shape shape = new Shape(t.shape());
            NDArray a = t.isFloat() ? constants.create(t.floats(), shape) : constants.create(t.ints(), shape);
            NDScope.unregister(a); // cached across runs: owned by the constants manager
            return a;
        });
    }

    private HostTensor host(String ref) {
        String name = strip(ref);
        HostTensor t = model.weights().get(name);
        if (t == null) {
            throw new TfjsFormatException(model.source() + ": constant '" + name + "' has no weights");
        }
        return t;
    }

    private int[] intsOf(String ref) {
        HostTensor t = host(ref);
        if (t.isFloat()) {
            int[] out = new int[t.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.round(t.floats()[i]);
            }
            return out;
        }
        return t.ints();
    }

    /** A constant converted once for a role (e.g. "oihw"), cached by name. */
    private NDArray convertedConstant(String ref, String role, java.util.function.UnaryOperator<NDArray> convert) {
        String key = strip(ref) + "#" + role;
        NDArray c = converted.get(key);
        if (c == null) {
            c = convert.apply(constant(strip(ref)));
            c.attach(constants);
            NDScope.unregister(c);
            converted.put(key, c);
        }
        return c;
    }

    /** A per-channel vector input as [1, C, 1, 1] (constant or computed). */
    private NDArray channelVector(String ref, Map<String, Value> memo, NDManager work) {
        TfjsNode src = nodes.get(strip(ref));
        if (src != null && "Const".equals(src.op())) {
            return convertedConstant(ref, "nc11", a -> a.reshape(1, -1, 1, 1));
        }
        return toNchwBroadcast(eval(strip(ref), memo, work).array());
    }

    private static NDArray nhwc(Value v) {
        return v.nchw() ? v.array().transpose(0, 2, 3, 1) : v.array();
    }

    private static NDArray nchw(Value v) {
        if (v.nchw()) {
            return v.array();
        }
        if (v.array().getShape().dimension() != 4) {
            throw new TfjsFormatException("expected a 4-D tensor, got " + v.array().getShape());
        }
        return v.array().transpose(0, 3, 1, 2);
    }

    /** A TF-layout tensor that broadcasts against NHWC, rearranged to broadcast against NCHW. */
    private static NDArray toNchwBroadcast(NDArray a) {
        Shape s = a.getShape();
        if (s.dimension() > 4) {
            throw new TfjsFormatException("cannot broadcast a " + s.dimension() + "-D tensor against NCHW");
        }
        long[] d = {1, 1, 1, 1};
        for (int i = 0; i < s.dimension(); i++) {
            d[4 - s.dimension() + i] = s.get(i);
        }
        return a.reshape(new Shape(d)).transpose(0, 3, 1, 2);
    }

    private static Value binary(Value a, Value b, char op) {
        NDArray x;
        NDArray y;
        boolean outNchw = a.nchw() || b.nchw();
        if (outNchw) {
            x = a.nchw() ? a.array() : (a.array().getShape().dimension() == 4 ? nchw(a) : toNchwBroadcast(a.array()));
            y = b.nchw() ? b.array() : (b.array().getShape().dimension() == 4 ? nchw(b) : toNchwBroadcast(b.array()));
        } else {
            x = a.array();
            y = b.array();
        }
        NDArray r = switch (op) {
            case '+' -> x.add(y);
            case '-' -> x.sub(y);
            case '*' -> x.mul(y);
            default -> throw new IllegalArgumentException(String.valueOf(op));
        };
        return new Value(r, outNchw);
    }

    private static NDArray activation(String op, NDArray x, NDArray alpha) {
        return switch (op) {
            case "Relu" -> Activation.relu(x);
            case "Relu6" -> x.clip(0, 6);
            case "Sigmoid" -> Activation.sigmoid(x);
            case "Prelu" -> prelu(x, alpha);
            default -> throw new TfjsFormatException("unsupported fused activation '" + op + "'");
        };
    }

    /** TF prelu: x for x ≥ 0, alpha·x below. */
    private static NDArray prelu(NDArray x, NDArray alpha) {
        NDArray zero = x.getManager().zeros(new Shape(), x.getDataType());
        return x.maximum(zero).add(x.minimum(zero).mul(alpha));
    }

    /** TensorFlow's padding of one spatial axis: {before, after, output size}. */
    static long[] tfPadding(String padding, long in, long kernel, long stride, long dilation) {
        long k = (kernel - 1) * dilation + 1;
        if ("VALID".equals(padding)) {
            return new long[] {0, 0, (in - k) / stride + 1};
        }
        if (!"SAME".equals(padding)) {
            throw new TfjsFormatException("unsupported padding '" + padding + "'");
        }
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + k - in, 0);
        return new long[] {total / 2, total - total / 2, out};
    }

    /** Pads [N, C, H, W] spatially with {@code value} (negative amounts crop). */
    static NDArray pad2d(NDArray x, long top, long bottom, long left, long right, float value) {
        x = padAxis(x, 2, top, bottom, value);
        return padAxis(x, 3, left, right, value);
    }

    /** Pads axis {@code axis} with {@code before}/{@code after} entries of {@code value}; negative amounts crop. */
    static NDArray padAxis(NDArray x, int axis, long before, long after, float value) {
        if (before < 0 || after < 0) {
            long len = x.getShape().get(axis);
            long from = Math.max(0, -before);
            long to = len - Math.max(0, -after);
            StringBuilder idx = new StringBuilder();
            for (int i = 0; i < axis; i++) {
                idx.append(":,");
            }
            idx.append(from).append(':').append(to);
            x = x.get(idx.toString());
            before = Math.max(0, before);
            after = Math.max(0, after);
        }
        if (before == 0 && after == 0) {
            return x;
        }
        NDList parts = new NDList();
        long[] shape = x.getShape().getShape().clone();
        if (before > 0) {
            shape[axis] = before;
            parts.add(x.getManager().full(new Shape(shape), value, x.getDataType()));
        }
        parts.add(x);
        if (after > 0) {
            shape[axis] = after;
            parts.add(x.getManager().full(new Shape(shape), value, x.getDataType()));
        }
        return NDArrays.concat(parts, axis);
    }

    private Value conv(TfjsNode n, Map<String, Value> memo, NDManager work, boolean depthwise) {
        NDArray x = nchw(input(n, 0, memo, work));
        long[] strides = n.ints("strides", new long[] {1, 1, 1, 1});
        long[] dil = n.ints("dilations", new long[] {1, 1, 1, 1});
        HostTensor f = host(n.inputs().get(1));
        long kh = f.shape()[0];
        long kw = f.shape()[1];
        long in = x.getShape().get(1);
        NDArray w;
        int groups = 1;
        if (depthwise) {
            // [H, W, C, M] → [C·M, 1, H, W], one group per input channel
            w = convertedConstant(n.inputs().get(1), "dw", a -> a.transpose(2, 3, 0, 1).reshape(-1, 1, kh, kw));
            groups = (int) in;
        } else {
            // HWIO → OIHW
            w = convertedConstant(n.inputs().get(1), "oihw", a -> a.transpose(3, 2, 0, 1));
        }
        String padding = n.string("padding", "VALID");
        long[] ph = tfPadding(padding, x.getShape().get(2), kh, strides[1], dil[1]);
        long[] pw = tfPadding(padding, x.getShape().get(3), kw, strides[2], dil[2]);
        long symH = Math.min(ph[0], ph[1]);
        long symW = Math.min(pw[0], pw[1]);
        x = pad2d(x, ph[0] - symH, ph[1] - symH, pw[0] - symW, pw[1] - symW, 0f);
        NDArray y = Conv2d.conv2d(x, w, null, new Shape(strides[1], strides[2]), new Shape(symH, symW),
                new Shape(dil[1], dil[2]), groups).singletonOrThrow();
        List<String> fused = n.strings("fused_ops");
        int arg = 2;
        for (String op : fused) {
            switch (op) {
                case "BiasAdd" -> y = y.add(channelVector(n.inputs().get(arg++), memo, work));
                case "Relu", "Relu6" -> y = activation(op, y, null);
                case "Prelu" -> y = prelu(y, channelVector(n.inputs().get(arg++), memo, work));
                case "LeakyRelu" -> y = Activation.leakyRelu(y, n.floatAttr("leakyrelu_alpha", 0.2f));
                default -> throw new TfjsFormatException(model.source() + ": fused op '" + op + "' in node "
                        + n.name() + " is not supported");
            }
        }
        return new Value(y, true);
    }

    /**
     * Conv2DBackpropInput (transposed convolution): zeros are inserted between input pixels, the
     * result is padded so that TF's "SAME"/"VALID" geometry is met, and convolved with the
     * spatially flipped filter. TF filter layout [H, W, out, in].
     */
    private Value transposedConv(TfjsNode n, Map<String, Value> memo, NDManager work) {
        int[] outSize = intsOf(n.inputs().get(0)); // NHWC
        HostTensor f = host(n.inputs().get(1));
        long k = f.shape()[0];
        long kw = f.shape()[1];
        NDArray x = nchw(input(n, 2, memo, work));
        long[] strides = n.ints("strides", new long[] {1, 1, 1, 1});
        String padding = n.string("padding", "VALID");
        NDArray w = convertedConstant(n.inputs().get(1), "convT", a -> a.flip(0, 1).transpose(2, 3, 0, 1));
        NDArray u = dilate(x, strides[1], strides[2]);
        long[] ph = tfPadding(padding, outSize[1], k, strides[1], 1);
        long[] pw = tfPadding(padding, outSize[2], kw, strides[2], 1);
        long top = k - 1 - ph[0];
        long left = kw - 1 - pw[0];
        long bottom = outSize[1] - u.getShape().get(2) - top + k - 1;
        long right = outSize[2] - u.getShape().get(3) - left + kw - 1;
        u = pad2d(u, top, bottom, left, right, 0f);
        NDArray y = Conv2d.conv2d(u, w).singletonOrThrow();
        return new Value(y, true);
    }

    /** Inserts (s − 1) zeros between neighbouring pixels: [N, C, H, W] → [N, C, (H−1)s+1, (W−1)s+1]. */
    static NDArray dilate(NDArray x, long sh, long sw) {
        if (sh == 1 && sw == 1) {
            return x;
        }
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray z = x.getManager().zeros(new Shape(s.get(0), s.get(1), h, sh, w, sw), x.getDataType());
        z.set(new ai.djl.ndarray.index.NDIndex(":, :, :, 0, :, 0"), x);
        return z.reshape(s.get(0), s.get(1), h * sh, w * sw).get(":, :, 0:" + ((h - 1) * sh + 1) + ", 0:" + ((w - 1) * sw + 1));
    }

    private Value pool(TfjsNode n, Map<String, Value> memo, NDManager work) {
        NDArray x = nchw(input(n, 0, memo, work));
        long[] ks = n.ints("ksize", null);
        long[] st = n.ints("strides", null);
        String padding = n.string("padding", "VALID");
        long[] ph = tfPadding(padding, x.getShape().get(2), ks[1], st[1], 1);
        long[] pw = tfPadding(padding, x.getShape().get(3), ks[2], st[2], 1);
        boolean max = "MaxPool".equals(n.op());
        NDArray y;
        if (max) {
            x = pad2d(x, ph[0], ph[1], pw[0], pw[1], Float.NEGATIVE_INFINITY);
            y = Pool.maxPool2d(x, new Shape(ks[1], ks[2]), new Shape(st[1], st[2]), new Shape(0, 0), false);
        } else if (ph[0] == ph[1] && pw[0] == pw[1]) {
            y = Pool.avgPool2d(x, new Shape(ks[1], ks[2]), new Shape(st[1], st[2]), new Shape(ph[0], pw[0]), false, false);
        } else {
            // asymmetric SAME average: sum over the zero-padded window / number of real pixels
            NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)), x.getDataType());
            NDArray sum = Pool.avgPool2d(pad2d(x, ph[0], ph[1], pw[0], pw[1], 0f), new Shape(ks[1], ks[2]),
                    new Shape(st[1], st[2]), new Shape(0, 0), false, true);
            NDArray cnt = Pool.avgPool2d(pad2d(ones, ph[0], ph[1], pw[0], pw[1], 0f), new Shape(ks[1], ks[2]),
                    new Shape(st[1], st[2]), new Shape(0, 0), false, true);
            y = sum.div(cnt);
        }
        return new Value(y, true);
    }

    private Value pad(TfjsNode n, Map<String, Value> memo, NDManager work) {
        Value x = input(n, 0, memo, work);
        int[] p = intsOf(n.inputs().get(1)); // [rank, 2] in TF axis order
        NDArray a = x.array();
        int rank = p.length / 2;
        for (int axis = 0; axis < rank; axis++) {
            int target = x.nchw() ? new int[] {0, 2, 3, 1}[axis] : axis;
            a = padAxis(a, target, p[2 * axis], p[2 * axis + 1], 0f);
        }
        return new Value(a, x.nchw());
    }

    private Value resize(TfjsNode n, Map<String, Value> memo, NDManager work) {
        NDArray x = nchw(input(n, 0, memo, work));
        int[] size = intsOf(n.inputs().get(1));
        boolean alignCorners = n.bool("align_corners", false);
        boolean halfPixel = n.bool("half_pixel_centers", false);
        if (alignCorners || !halfPixel) {
            throw new TfjsFormatException(model.source() + ": ResizeBilinear " + n.name()
                    + " uses align_corners=" + alignCorners + ", half_pixel_centers=" + halfPixel
                    + "; only half-pixel centres are supported");
        }
        return new Value(Resample.resizeBilinear(x, size[0], size[1]), true);
    }

    /** The model this graph runs. */
    public TfjsModelFile model() {
        return model;
    }

    @Override
    public void close() {
        constants.close();
    }

}
