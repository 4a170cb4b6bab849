package org.tri2plane.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.tri2plane.core.avatar.AvatarMismatchException;
import org.tri2plane.core.config.ConfigException;
import org.tri2plane.core.model.ModelFileException;
import org.tri2plane.core.subject.SubjectFormatException;
import org.tri2plane.eval.EvalException;
import org.tri2plane.render.RenderException;
import org.tri2plane.render.landmarks.LandmarkFileException;
import org.tri2plane.tracking.TrackingException;
import org.tri2plane.tracking.assets.AssetException;
import org.tri2plane.tracking.video.VideoException;
import org.tri2plane.train.TrainingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code tri2plane} command: parses options and hands each subcommand to a module API. */
@Command(
        name = "tri2plane",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Photoreal 3D head avatars from a monocular talking-head video (Tri²-plane).",
        subcommands = {
            FetchAssetsCommand.class, TrackCommand.class, TransferCommand.class, TrainCommand.class, RenderCommand.class,
            EvalCommand.class, EvalReportCommand.class, DoctorCommand.class, ModelSummaryCommand.class,
            BenchStepCommand.class, BenchRenderCommand.class, BenchEvalCommand.class, BenchReportCommand.class,
            StudyReportCommand.class, JsonCommand.class, IdentityCheckCommand.class, ReportCommand.class, ReportIndexCommand.class,
            ViewCommand.class, BenchViewCommand.class,
            HelpCommand.class
        },
        footer = {"", "Run 'tri2plane COMMAND --help' for a command's options."})
public final class Tri2planeCommand implements Runnable {

    /** Exit code for failures other than wrong usage (which picocli reports as 2). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a wrong use of the command line (picocli's own for unknown or malformed options). */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Builds the command line with our error handling; tests call this too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tri2planeCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("tri2plane " + commandLine.getCommandName() + ": error: " + describe(ex));
            if (System.getenv("TRI2PLANE_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            if (ex instanceof UsageException) {
                err.println("(see 'tri2plane " + commandLine.getCommandName() + " --help')");
                err.flush();
                return EXIT_USAGE;
            }
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String describe(Exception ex) {
        if (ex instanceof ConfigException || ex instanceof ModelFileException || ex instanceof CliException
                || ex instanceof AssetException || ex instanceof TrackingException || ex instanceof VideoException
                || ex instanceof SubjectFormatException || ex instanceof TrainingException || ex instanceof RenderException || ex instanceof EvalException
                || ex instanceof LandmarkFileException || ex instanceof AvatarMismatchException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException u) {
            return u.getCause().getMessage();
        }
        return ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + " (set TRI2PLANE_DEBUG=1 for the stack trace)";
    }

    public static void main(String[] args) {
        Launch.prepare();
        System.exit(commandLine().execute(args));
    }
}
