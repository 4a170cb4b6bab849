package org.tri2plane.core.model;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tri2plane.core.config.GeneratorConfig;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * What a config costs, computed from the config and the blocks' declared shapes without touching
 * native memory: parameter counts per block, the tensor shapes of one training step, forward
 * FLOPs and an estimate of the memory one training step needs.
 *
 * @param blockParameters parameters per top-level block
 * @param totalParameters sum of the above
 * @param shapes tensor shapes of one training step, in pipeline order
 * @param forwardGflops multiply-adds x 2 of one training forward pass (renders, SR input, SR)
 * @param stepGflops forward plus backward (twice the forward FLOPs of everything with gradient:
 *     all but the no-grad SR tiles, 15 or superResolution.trainingTiles² − 1) of one training step
 * @param parameterMegabytes parameters, gradients and the two Adam moments in float32
 * @param activationMegabytes tensors kept for the backward pass of one step (estimate)
 * @param peakMegabytes parameter state + activations + the largest no-grad tile render
 */
public record ModelSummary(
        String config,
        int batchSize,
        int trainingFrames,
        Map<String, Long> blockParameters,
        long totalParameters,
        List<NamedShape> shapes,
        double forwardGflops,
        double stepGflops,
        double parameterMegabytes,
        double activationMegabytes,
        double peakMegabytes) {

    /** One tensor of the step: what it is and its shape. */
    public record NamedShape(String name, String shape) {}

    private static final double MB = 1024.0 * 1024.0;
    private static final int FLOAT = 4;

    /** Summarises {@code config} for a subject with {@code trainingFrames} frames. */
    public static ModelSummary of(Tri2PlaneConfig config, int trainingFrames) {
        Tri2PlaneModel model = new Tri2PlaneModel(config, trainingFrames);
        Map<String, Long> blocks = BlockParameters.counts(model);
        long total = blocks.values().stream().mapToLong(Long::longValue).sum();

        List<NamedShape> shapes = shapes(config, model);
        int b = config.training().batchSize();
        int n = config.frame().raysPerSide() * config.frame().raysPerSide();
        int samples = config.rendering().samplesPerRay();
        int f = config.field().featureChannels();
        int c = config.generator().planeChannels();
        int h = config.field().hiddenDim();

        // FLOPs (2 per multiply-add), forward.
        double flops = 0;
        flops += encoderFlops(config);
        flops += generatorFlops(config);
        double perPoint = 2.0 * (c * h + h + h * f) + 12.0 * c * 2;
        if (config.field().viewFrequencies() > 0) {
            perPoint += 2.0 * (h + 3 + 6 * config.field().viewFrequencies()) * h;
        }
        int k = config.superResolution().trainingTiles();
        double noGrad = perPoint * b * (k * k - 1.0) * n * samples; // the no-grad tiles of the SR input
        flops += perPoint * b * 3.0 * n * samples + noGrad; // three scales + the no-grad tiles
        flops += srFlops(config, b);
        double stepFlops = flops + 2 * (flops - noGrad);

        // Memory: parameters + grads + two Adam moments.
        double paramMb = total * FLOAT * 4 / MB;
        // Kept for backward: per scale render ~ points·(12 gathered C + 12 weights + hidden·2 + features·2 + 8)
        double perScale = (double) b * n * samples * (12.0 * c + 12 + 2.0 * h + 2.0 * f + 8);
        double act = 3 * perScale + generatorActivations(config, b) + srActivations(config, b);
        double actMb = act * FLOAT / MB;
        // One no-grad tile render at a time: same size as a scale render, freed after use.
        double peak = paramMb + actMb + perScale * FLOAT / MB;
        return new ModelSummary(config.name(), b, trainingFrames, blocks, total, shapes,
                flops / 1e9, stepFlops / 1e9, paramMb, actMb, peak);
    }

    /** The tensor shapes of one training step, in the order the step makes them. */
    private static List<NamedShape> shapes(Tri2PlaneConfig config, Tri2PlaneModel model) {
        int b = config.training().batchSize();
        int s = config.condition().size();
        int w = config.frame().windowSize();
        int r = config.frame().raysPerSide();
        int n = r * r;
        int samples = config.rendering().samplesPerRay();
        int f = config.field().featureChannels();
        int c = config.generator().planeChannels();
        int sr = config.superResolution().outputResolution();

        List<NamedShape> shapes = new ArrayList<>();
        Shape cond = new Shape(b, config.condition().channels(), s, s);
        shapes.add(named("condition I_t", cond));
        shapes.add(named("encoder embedding", model.encoder().getOutputShapes(new Shape[] {cond})[0]));
        shapes.add(named("beta_t", new Shape(b, config.latents().expressionDim())));
        shapes.add(named("gamma_t", new Shape(b, config.latents().gammaDim())));
        Shape style = new Shape(b, config.mapping().styleDim());
        shapes.add(named("style w", style));
        Shape[] planes = model.generator().getOutputShapes(new Shape[] {style});
        List<Integer> res = config.generator().planeResolutions();
        for (int i = 0; i < planes.length; i++) {
            shapes.add(named("tri-plane Phi" + res.get(i), planes[i]));
        }
        shapes.add(named("rays per scale (origins)", new Shape(b, n, 3)));
        shapes.add(named("samples per scale (points)", new Shape(b, n, samples, 3)));
        shapes.add(named("gathered corner rows per scale", new Shape((long) b * n * samples * 12, c)));
        shapes.add(named("MLP output per scale (density, features)", new Shape((long) b * n * samples, 1 + f)));
        String[] scaleNames = {"whole window / 4", "quarter / 2", "1/16 tile"};
        for (int i = 0; i < 3; i++) {
            shapes.add(named("render scale " + i + " (" + scaleNames[i] + ")", new Shape(b, f, r, r)));
        }
        int k = config.superResolution().trainingTiles();
        shapes.add(named("SR input (" + k + " x " + k + " tiles)", new Shape(b, f, w * k / 4, w * k / 4)));
        shapes.add(named("SR output", new Shape(b, 3, sr * k / 4, sr * k / 4)));
        return shapes;
    }

    private static NamedShape named(String name, Shape shape) {
        return new NamedShape(name, shape.toString());
    }

    private static double conv(double cin, double cout, int k, double hw) {
        return 2.0 * cin * cout * k * k * hw;
    }

    private static double encoderFlops(Tri2PlaneConfig config) {
        double flops = 0;
        int size = config.condition().size();
        int cin = config.condition().channels();
        for (int c : config.encoder().channels()) {
            flops += conv(cin, c, 3, (double) size * size);
            size /= 2;
            flops += conv(c, c, 3, (double) size * size);
            cin = c;
        }
        return flops * config.training().batchSize();
    }

    private static double generatorFlops(Tri2PlaneConfig config) {
        GeneratorConfig g = config.generator();
        double flops = 0;
        int prev = g.channelsAt(4);
        flops += conv(prev, prev, 3, 16);
        for (int res = 8; res <= g.maxResolution(); res *= 2) {
            int c = g.channelsAt(res);
            for (int i = 0; i < g.convsPerBlock(); i++) {
                flops += conv(i == 0 ? prev : c, c, 3, (double) res * res);
            }
            if (g.planeResolutions().contains(res)) {
                flops += conv(c, 3.0 * g.planeChannels(), 1, (double) res * res);
                flops += g.crossPlaneSteps() * 3 * conv(3.0 * g.planeChannels(), g.planeChannels(), 3, (double) res * res);
            }
            prev = c;
        }
        return flops * config.training().batchSize();
    }

    private static double generatorActivations(Tri2PlaneConfig config, int b) {
        GeneratorConfig g = config.generator();
        double floats = 0;
        for (int res = 8; res <= g.maxResolution(); res *= 2) {
            // input, conv output and activation output per conv
            floats += 3.0 * g.convsPerBlock() * g.channelsAt(res) * res * res;
            if (g.planeResolutions().contains(res)) {
                floats += (2.0 + 4 * g.crossPlaneSteps()) * 3 * g.planeChannels() * res * res;
            }
        }
        return floats * b;
    }

    /** The area of the SR input a training step super-resolves (superResolution.trainingTiles). */
    private static double srArea(Tri2PlaneConfig config) {
        return Math.pow(config.frame().windowSize() * config.superResolution().trainingTiles() / 4.0, 2);
    }

    private static double srFlops(Tri2PlaneConfig config, int b) {
        List<Integer> ch = config.superResolution().channels();
        double hw = srArea(config);
        double flops = 0;
        int prev = config.field().featureChannels();
        for (int l = 0; l < ch.size(); l++) {
            double area = hw / Math.pow(4, l);
            flops += conv(prev, ch.get(l), 3, area) + conv(ch.get(l), ch.get(l), 3, area);
            prev = ch.get(l);
        }
        for (int l = ch.size() - 2; l >= 0; l--) {
            double area = hw / Math.pow(4, l);
            flops += conv(prev + ch.get(l), ch.get(l), 3, area) + conv(ch.get(l), ch.get(l), 3, area);
            prev = ch.get(l);
        }
        if (config.superResolution().outputResolution() == 2 * config.frame().windowSize()) {
            flops += 2 * conv(prev, prev, 3, 4 * hw);
        }
        return flops * b;
    }

    private static double srActivations(Tri2PlaneConfig config, int b) {
        List<Integer> ch = config.superResolution().channels();
        double hw = srArea(config);
        double floats = config.field().featureChannels() * hw;
        for (int l = 0; l < ch.size(); l++) {
            floats += 6.0 * ch.get(l) * hw / Math.pow(4, l) * (l < ch.size() - 1 ? 2 : 1);
        }
        if (config.superResolution().outputResolution() == 2 * config.frame().windowSize()) {
            floats += 6.0 * ch.get(0) * 4 * hw;
        }
        return floats * b;
    }

    /** A human-readable table. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Model summary for config '%s' (batch %d, %d training frames)%n%n",
                config, batchSize, trainingFrames));
        sb.append(String.format(Locale.ROOT, "%-12s %15s%n", "block", "parameters"));
        for (Map.Entry<String, Long> e : blockParameters.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-12s %,15d%n", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "%-12s %,15d%n%n", "total", totalParameters));
        sb.append("Tensor shapes of one training step:\n");
        for (NamedShape s : shapes) {
            sb.append(String.format(Locale.ROOT, "  %-42s %s%n", s.name(), s.shape()));
        }
        sb.append(String.format(Locale.ROOT, "%nForward FLOPs per step: %.2f GFLOP%n", forwardGflops));
        sb.append(String.format(Locale.ROOT, "Training step FLOPs (forward + backward): %.2f GFLOP%n", stepGflops));
        sb.append(String.format(Locale.ROOT,
                "Estimated memory: parameters+grads+Adam %.1f MB, activations %.1f MB, peak %.1f MB%n",
                parameterMegabytes, activationMegabytes, peakMegabytes));
        return sb.toString();
    }

}
