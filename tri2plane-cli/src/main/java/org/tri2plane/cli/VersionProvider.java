package org.tri2plane.cli;

import org.tri2plane.core.model.RunEnvironment;
import picocli.CommandLine;

/** Version line from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"tri2plane " + RunEnvironment.version() + " (DJL 0.29.0, PyTorch 2.3.1)"};
    }
}
