package org.tri2plane.cli;

/** A wrong use of the command line (an invalid option value or combination): exit code 2, like picocli's own. */
public class UsageException extends CliException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
