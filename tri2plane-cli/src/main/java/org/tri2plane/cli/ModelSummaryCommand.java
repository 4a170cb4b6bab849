package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane model-summary}: parameter counts, step tensor shapes, FLOPs and memory of a config. */
@Command(
        name = "model-summary",
        mixinStandardHelpOptions = true,
        description = {
            "Prints per-block parameter counts and their total, the tensor shapes of one training",
            "step, forward FLOPs and an estimate of the memory a step needs, for a config file."
        })
final class ModelSummaryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Config file, e.g. configs/paper.json.")
    private Path config;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "1000",
            description = "Training frames of the subject (rows of the γ table; default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--json", description = "Print the summary as JSON.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1) {
            throw new UsageException("--frames must be at least 1, was " + frames);
        }
        ModelSummary summary = ModelSummary.of(new ConfigLoader().load(config), frames);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json
                ? Json.pretty(summary) + "\n"
                : summary.toText());
        out.flush();
        return 0;
    }
}
