package org.tri2plane.cli;

import picocli.CommandLine;

/** Version line from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Tri2planeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"tri2plane " + (v == null ? "development build" : v)
                + " (DJL 0.29.0, PyTorch 2.3.1)"};
    }
}
