package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.train.TrainOptions;
import org.tri2plane.train.TrainResult;
import org.tri2plane.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane train}: trains an avatar on a tracked subject. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the Tri²-plane avatar of a tracked subject: geometry-aware sliding window, three",
            "tri-plane scales, SR, Adam. Writes OUT/checkpoint (every training.checkpointEvery steps,",
            "at the end and on Ctrl-C), OUT/train_log.jsonl, OUT/previews/ and OUT/loss_curve.png.",
            "Without --lpips-weights the perceptual term is 1 - MS-SSIM ('ms-ssim' in the log)."
        })
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--subject", required = true, paramLabel = "DIR", description = "Subject directory from 'tri2plane track'.")
    private Path subject;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Model config, e.g. configs/tiny.json.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. --set training.learningRate=3e-3 (repeatable; the key must exist; a resumed run needs the same overrides).")
    private java.util.List<String> overrides;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory, e.g. runs/franck.")
    private Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Train up to step N (default: training.steps of the config).")
    private Integer steps;

    @Option(names = "--resume", description = "Continue from OUT/checkpoint.")
    private boolean resume;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: training.seed of the config).")
    private Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Intra-op threads (default: PyTorch's choice, one per core).")
    private Integer threads;

    @Option(names = "--device", paramLabel = "DEV",
            description = "The device to train on, e.g. gpu1 (default: the engine's default device, gpu0 when there is one).")
    private String device;

    @Option(names = "--lpips-weights", paramLabel = "FILE",
            description = "LPIPS weights (docs/lpips.md; scripts/export_lpips_weights.py makes them).")
    private Path lpipsWeights;

    @Override
    public Integer call() throws Exception {
        if (steps != null && steps < 1) {
            throw new UsageException("--steps must be at least 1, was " + steps);
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1, was " + threads);
        }
        PrintWriter w = spec.commandLine().getOut();
        Trainer trainer = new Trainer(line -> {
            w.println(line);
            w.flush();
        });
        ai.djl.Device dev = null;
        if (device != null) {
            try {
                dev = ai.djl.Device.fromName(device.trim());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--device: '" + device + "' is not a device name (use cpu, gpu0, gpu1, ...)");
            }
            int gpus = ai.djl.engine.Engine.getInstance().getGpuCount();
            if (dev.isGpu() && dev.getDeviceId() >= gpus) {
                throw new CliException("--device: " + dev + " is not available (this machine has " + gpus
                        + " GPUs; GPUs also need the cuda Maven profile)");
            }
        }
        TrainResult r = trainer.run(new TrainOptions(subject, new ConfigLoader().load(config, overrides), out, steps, seed, threads,
                lpipsWeights, resume, dev));
        w.printf(Locale.ROOT, "%s at step %d: loss %.4f (first %.4f), %s%s, %.3f s/step; checkpoint %s%n",
                r.interrupted() ? "stopped" : "finished", r.step(), r.lastLoss(), r.firstLoss(),
                "perceptual term " + r.perceptual(),
                Double.isNaN(r.validationPsnr()) ? "" : String.format(Locale.ROOT, ", held-out PSNR %.2f dB", r.validationPsnr()),
                r.secondsPerStep(), r.checkpoint());
        w.flush();
        return 0;
    }
}
