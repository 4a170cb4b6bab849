package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.tracking.transfer.ExpressionTransfer;
import org.tri2plane.tracking.transfer.SubjectTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane transfer}: a driver's expressions and head motion in a target subject's terms. */
@Command(
        name = "transfer",
        mixinStandardHelpOptions = true,
        description = {
            "Maps every frame of a tracked driver onto a tracked target (cross-reenactment): the target's",
            "expression coefficients and head pose that reproduce the driver's changes relative to its",
            "neutral frame. Writes JSON lines (index = driver frame, r, t, beta)."
        })
final class TransferCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--driver", required = true, paramLabel = "DIR", description = "Tracked driver subject directory.")
    private Path driver;

    @Option(names = "--target", required = true, paramLabel = "DIR", description = "Tracked target subject directory.")
    private Path target;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON-lines file.")
    private Path out;

    @Option(names = "--driver-neutral-frame", paramLabel = "N",
            description = "Driver frame index taken as neutral (default: the least expressive frame).")
    private Integer neutral;

    @Override
    public Integer call() throws Exception {
        List<ExpressionTransfer.Frame> frames;
        try {
            frames = SubjectTransfer.transfer(SubjectDirectory.open(driver), SubjectDirectory.open(target), neutral);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        SubjectTransfer.write(frames, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + out + ": " + frames.size() + " driver frames in the terms of " + target);
        w.flush();
        return 0;
    }
}
