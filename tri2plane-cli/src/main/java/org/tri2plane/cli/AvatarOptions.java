package org.tri2plane.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tri2plane.core.avatar.Avatar;
import picocli.CommandLine.Option;

/** The options that name a trained avatar ({@code --checkpoint} and {@code --subject}), shared by the commands that open one. */
final class AvatarOptions {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Run folder of tri2plane train (or its checkpoint/).")
    Path checkpoint;

    @Option(names = "--subject", required = true, paramLabel = "DIR", description = "The tracked subject it was trained on.")
    Path subject;

    /** Opens the avatar, checked to fit its subject. */
    Avatar open() throws IOException {
        return Avatar.open(checkpoint, subject);
    }
}
