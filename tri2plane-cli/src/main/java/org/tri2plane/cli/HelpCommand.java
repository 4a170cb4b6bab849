package org.tri2plane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tri2plane help [COMMAND]}: the usage of a command, or of tri2plane. Unlike picocli's own
 * help command it treats an unknown option or command as wrong usage (exit 2), not as a request
 * for the general help.
 */
@Command(name = "help", description = "Shows the help of a command, or of tri2plane without one.")
final class HelpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to explain.")
    private String command;

    @Override
    public Integer call() {
        CommandLine parent = spec.commandLine().getParent();
        if (command == null) {
            parent.usage(spec.commandLine().getOut());
            return 0;
        }
        CommandLine sub = parent.getSubcommands().get(command);
        if (sub == null || command.equals("help")) {
            throw new UsageException("help: there is no command '" + command + "'; the commands are "
                    + String.join(", ", parent.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
        }
        sub.usage(spec.commandLine().getOut());
        return 0;
    }
}
