package org.tri2plane.tracking.tfjs;

import ai.djl.ndarray.NDArray;
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
import org.tri2plane.core.nn.Resample;
import org.tri2plane.core.util.NoGrad;

/**
 * Runs a TFJS graph model with DJL (inference only). Activations are kept in PyTorch's NCHW
 * layout; constants stay in TensorFlow's layout and are converted where an op needs them
 * (HWIO filters → OIHW, per-channel vectors → [1, C, 1, 1]). TensorFlow's "SAME" padding is
 * reproduced exactly, including its extra bottom/right row for even kernels and strides.
 *
 * <p>Supported ops: those registered in {@code ops()} (Placeholder, Const, Identity, Conv2D and
 * depthwise convolutions, fused or not, Conv2DBackpropInput, Add, AddV2, AddN, Sub, Mul, BiasAdd,
 * Relu, Relu6, Prelu, Sigmoid, MaxPool, AvgPool, Pad, Reshape, ResizeBilinear).
 */
public final class TfjsGraph implements AutoCloseable {

    /** How an op is computed from its node (inputs are evaluated on demand through {@code memo}). */
    @FunctionalInterface
    private interface Op {
        TfjsValue apply(TfjsNode n, Map<String, TfjsValue> memo, NDManager work);
    }

    private final TfjsModelFile model;
    private final Map<String, TfjsNode> nodes = new LinkedHashMap<>();
    private final NDManager constants;
    private final Map<String, NDArray> converted = new HashMap<>();
    private final Map<String, Op> ops = ops();

    /** Prepares {@code model} for execution; constant arrays live in a sub-manager of {@code manager}. */
    public TfjsGraph(TfjsModelFile model, NDManager manager) {
        this.model = model;
        this.constants = manager.newSubManager();
        for (TfjsNode n : model.nodes()) {
            if (!ops.containsKey(n.op())) {
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
            Map<String, TfjsValue> memo = new HashMap<>();
            NDManager work = inputs.values().iterator().next().getManager();
            for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
                String name = strip(e.getKey());
                if (!nodes.containsKey(name) || !"Placeholder".equals(nodes.get(name).op())) {
                    throw new IllegalArgumentException("'" + name + "' is not an input of " + model.source());
                }
                NDArray a = e.getValue();
                memo.put(name, a.getShape().dimension() == 4 ? new TfjsValue(a.transpose(0, 3, 1, 2), true) : new TfjsValue(a, false));
            }
            NDList out = new NDList();
            for (String o : outputs) {
                NDArray r = eval(strip(o), memo, work).nhwc();
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

    private TfjsValue eval(String name, Map<String, TfjsValue> memo, NDManager work) {
        TfjsValue v = memo.get(name);
        if (v != null) {
            return v;
        }
        TfjsNode n = nodes.get(name);
        if (n == null) {
            throw new TfjsFormatException(model.source() + ": no node named '" + name + "'");
        }
        v = ops.get(n.op()).apply(n, memo, work);
        memo.put(name, v);
        return v;
    }

    /**
     * The supported ops: the one place an op is added (the constructor refuses a model with any
     * other). Fused convolutions take BiasAdd + Relu / Relu6 / Prelu / LeakyRelu.
     */
    private Map<String, Op> ops() {
        Map<String, Op> m = new HashMap<>();
        m.put("Placeholder", (n, memo, w) -> {
            throw new IllegalArgumentException("input '" + n.name() + "' was not given");
        });
        m.put("Const", (n, memo, w) -> new TfjsValue(constant(n.name()), false));
        m.put("Identity", (n, memo, w) -> input(n, 0, memo, w));
        Op conv = (n, memo, w) -> conv(n, memo, w, false);
        Op depthwise = (n, memo, w) -> conv(n, memo, w, true);
        m.put("Conv2D", conv);
        m.put("_FusedConv2D", conv);
        m.put("DepthwiseConv2dNative", depthwise);
        m.put("_FusedDepthwiseConv2dNative", depthwise);
        m.put("Conv2DBackpropInput", this::transposedConv);
        for (String add : new String[] {"Add", "AddV2", "BiasAdd"}) {
            m.put(add, (n, memo, w) -> TfjsValue.binary(input(n, 0, memo, w), input(n, 1, memo, w), NDArray::add));
        }
        m.put("Sub", (n, memo, w) -> TfjsValue.binary(input(n, 0, memo, w), input(n, 1, memo, w), NDArray::sub));
        m.put("Mul", (n, memo, w) -> TfjsValue.binary(input(n, 0, memo, w), input(n, 1, memo, w), NDArray::mul));
        m.put("Minimum", (n, memo, w) -> TfjsValue.binary(input(n, 0, memo, w), input(n, 1, memo, w), NDArray::minimum));
        m.put("Maximum", (n, memo, w) -> TfjsValue.binary(input(n, 0, memo, w), input(n, 1, memo, w), NDArray::maximum));
        m.put("AddN", this::addN);
        m.put("Mean", this::mean);
        m.put("Softmax", (n, memo, w) -> new TfjsValue(input(n, 0, memo, w).nhwc().softmax(-1), false));
        m.put("_FusedMatMul", this::matMul);
        for (String act : new String[] {"Relu", "Relu6", "Sigmoid"}) {
            m.put(act, (n, memo, w) -> {
                TfjsValue x = input(n, 0, memo, w);
                return new TfjsValue(TfjsOps.activation(n.op(), x.array(), null), x.nchw());
            });
        }
        m.put("Prelu", (n, memo, w) -> {
            TfjsValue x = input(n, 0, memo, w);
            NDArray alpha = x.nchw() ? channelVector(n.inputs().get(1), memo, w) : input(n, 1, memo, w).array();
            return new TfjsValue(TfjsOps.prelu(x.array(), alpha), x.nchw());
        });
        m.put("MaxPool", this::pool);
        m.put("AvgPool", this::pool);
        m.put("Pad", this::pad);
        m.put("Reshape", this::reshape);
        m.put("ResizeBilinear", this::resize);
        return Map.copyOf(m);
    }

    private TfjsValue addN(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        TfjsValue acc = input(n, 0, memo, work);
        for (int i = 1; i < n.inputs().size(); i++) {
            acc = TfjsValue.binary(acc, input(n, i, memo, work), NDArray::add);
        }
        return acc;
    }

    /** Mean over the axes of a constant input (TF axis numbers, NHWC); keep_dims as the node says. */
    private TfjsValue mean(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        NDArray x = input(n, 0, memo, work).nhwc();
        int[] axes = intsOf(n.inputs().get(1));
        int rank = x.getShape().dimension();
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        // DJL's PyTorch engine reduces one axis at a time; from the last, so the others keep their numbers
        java.util.Arrays.sort(axes);
        boolean keep = n.bool("keep_dims", false);
        for (int i = axes.length - 1; i >= 0; i--) {
            x = x.mean(new int[] {axes[i]}, keep);
        }
        return new TfjsValue(x, false);
    }

    /** A 2-D product a · b (transposes as the node says), then its fused BiasAdd and activation. */
    private TfjsValue matMul(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        NDArray a = input(n, 0, memo, work).nhwc();
        NDArray b = input(n, 1, memo, work).nhwc();
        a = n.bool("transpose_a", false) ? a.transpose() : a;
        b = n.bool("transpose_b", false) ? b.transpose() : b;
        NDArray y = a.matMul(b);
        int arg = 2;
        for (String op : n.strings("fused_ops")) {
            switch (op) {
                case "BiasAdd" -> y = y.add(input(n, arg++, memo, work).nhwc());
                case "Relu", "Relu6", "Sigmoid" -> y = TfjsOps.activation(op, y, null);
                default -> throw new TfjsFormatException(model.source() + ": fused op '" + op + "' in node " + n.name()
                        + " is not supported");
            }
        }
        return new TfjsValue(y, false);
    }

    private TfjsValue reshape(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        NDArray x = input(n, 0, memo, work).nhwc();
        int[] shape = intsOf(n.inputs().get(1));
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return new TfjsValue(x.reshape(new Shape(s)), false);
    }

    private TfjsValue input(TfjsNode n, int i, Map<String, TfjsValue> memo, NDManager work) {
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
    private NDArray channelVector(String ref, Map<String, TfjsValue> memo, NDManager work) {
        TfjsNode src = nodes.get(strip(ref));
        if (src != null && "Const".equals(src.op())) {
            return convertedConstant(ref, "nc11", a -> a.reshape(1, -1, 1, 1));
        }
        return TfjsOps.toNchwBroadcast(eval(strip(ref), memo, work).array());
    }

    private TfjsValue conv(TfjsNode n, Map<String, TfjsValue> memo, NDManager work, boolean depthwise) {
        NDArray x = input(n, 0, memo, work).nchw4();
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
        long[] ph = TfjsOps.tfPadding(padding, x.getShape().get(2), kh, strides[1], dil[1]);
        long[] pw = TfjsOps.tfPadding(padding, x.getShape().get(3), kw, strides[2], dil[2]);
        long symH = Math.min(ph[0], ph[1]);
        long symW = Math.min(pw[0], pw[1]);
        x = TfjsOps.pad2d(x, ph[0] - symH, ph[1] - symH, pw[0] - symW, pw[1] - symW, 0f);
        NDArray y = Conv2d.conv2d(x, w, null, new Shape(strides[1], strides[2]), new Shape(symH, symW),
                new Shape(dil[1], dil[2]), groups).singletonOrThrow();
        List<String> fused = n.strings("fused_ops");
        int arg = 2;
        for (String op : fused) {
            switch (op) {
                case "BiasAdd" -> y = y.add(channelVector(n.inputs().get(arg++), memo, work));
                case "Relu", "Relu6" -> y = TfjsOps.activation(op, y, null);
                case "Prelu" -> y = TfjsOps.prelu(y, channelVector(n.inputs().get(arg++), memo, work));
                case "LeakyRelu" -> y = Activation.leakyRelu(y, n.floatAttr("leakyrelu_alpha", 0.2f));
                default -> throw new TfjsFormatException(model.source() + ": fused op '" + op + "' in node "
                        + n.name() + " is not supported");
            }
        }
        return new TfjsValue(y, true);
    }

    /**
     * Conv2DBackpropInput (transposed convolution): zeros are inserted between input pixels, the
     * result is padded so that TF's "SAME"/"VALID" geometry is met, and convolved with the
     * spatially flipped filter. TF filter layout [H, W, out, in].
     */
    private TfjsValue transposedConv(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        int[] outSize = intsOf(n.inputs().get(0)); // NHWC
        HostTensor f = host(n.inputs().get(1));
        long k = f.shape()[0];
        long kw = f.shape()[1];
        NDArray x = input(n, 2, memo, work).nchw4();
        long[] strides = n.ints("strides", new long[] {1, 1, 1, 1});
        String padding = n.string("padding", "VALID");
        NDArray w = convertedConstant(n.inputs().get(1), "convT", a -> a.flip(0, 1).transpose(2, 3, 0, 1));
        NDArray u = TfjsOps.dilate(x, strides[1], strides[2]);
        long[] ph = TfjsOps.tfPadding(padding, outSize[1], k, strides[1], 1);
        long[] pw = TfjsOps.tfPadding(padding, outSize[2], kw, strides[2], 1);
        long top = k - 1 - ph[0];
        long left = kw - 1 - pw[0];
        long bottom = outSize[1] - u.getShape().get(2) - top + k - 1;
        long right = outSize[2] - u.getShape().get(3) - left + kw - 1;
        u = TfjsOps.pad2d(u, top, bottom, left, right, 0f);
        NDArray y = Conv2d.conv2d(u, w).singletonOrThrow();
        return new TfjsValue(y, true);
    }

    private TfjsValue pool(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        NDArray x = input(n, 0, memo, work).nchw4();
        long[] ks = n.ints("ksize", null);
        long[] st = n.ints("strides", null);
        String padding = n.string("padding", "VALID");
        long[] ph = TfjsOps.tfPadding(padding, x.getShape().get(2), ks[1], st[1], 1);
        long[] pw = TfjsOps.tfPadding(padding, x.getShape().get(3), ks[2], st[2], 1);
        boolean max = "MaxPool".equals(n.op());
        NDArray y;
        if (max) {
            x = TfjsOps.pad2d(x, ph[0], ph[1], pw[0], pw[1], Float.NEGATIVE_INFINITY);
            y = Pool.maxPool2d(x, new Shape(ks[1], ks[2]), new Shape(st[1], st[2]), new Shape(0, 0), false);
        } else if (ph[0] == ph[1] && pw[0] == pw[1]) {
            y = Pool.avgPool2d(x, new Shape(ks[1], ks[2]), new Shape(st[1], st[2]), new Shape(ph[0], pw[0]), false, false);
        } else {
            // asymmetric SAME average: sum over the zero-padded window / number of real pixels
            NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)), x.getDataType());
            NDArray sum = Pool.avgPool2d(TfjsOps.pad2d(x, ph[0], ph[1], pw[0], pw[1], 0f), new Shape(ks[1], ks[2]),
                    new Shape(st[1], st[2]), new Shape(0, 0), false, true);
            NDArray cnt = Pool.avgPool2d(TfjsOps.pad2d(ones, ph[0], ph[1], pw[0], pw[1], 0f), new Shape(ks[1], ks[2]),
                    new Shape(st[1], st[2]), new Shape(0, 0), false, true);
            y = sum.div(cnt);
        }
        return new TfjsValue(y, true);
    }

    private TfjsValue pad(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        TfjsValue x = input(n, 0, memo, work);
        int[] p = intsOf(n.inputs().get(1)); // [rank, 2] in TF axis order
        NDArray a = x.array();
        int rank = p.length / 2;
        for (int axis = 0; axis < rank; axis++) {
            int target = x.nchw() ? new int[] {0, 2, 3, 1}[axis] : axis;
            a = TfjsOps.padAxis(a, target, p[2 * axis], p[2 * axis + 1], 0f);
        }
        return new TfjsValue(a, x.nchw());
    }

    private TfjsValue resize(TfjsNode n, Map<String, TfjsValue> memo, NDManager work) {
        NDArray x = input(n, 0, memo, work).nchw4();
        int[] size = intsOf(n.inputs().get(1));
        boolean alignCorners = n.bool("align_corners", false);
        boolean halfPixel = n.bool("half_pixel_centers", false);
        if (alignCorners || !halfPixel) {
            throw new TfjsFormatException(model.source() + ": ResizeBilinear " + n.name()
                    + " uses align_corners=" + alignCorners + ", half_pixel_centers=" + halfPixel
                    + "; only half-pixel centres are supported");
        }
        return new TfjsValue(Resample.resizeBilinear(x, size[0], size[1]), true);
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
