package org.tri2plane.core.model;

import ai.djl.engine.Engine;
import org.tri2plane.core.util.OneDnnIsa;
import org.tri2plane.core.util.ProcessInfo;

/**
 * Where a training run ran, as its checkpoint records it: the machine (CPU model and cores, and
 * whether its convolutions ran on oneDNN's AVX-512 kernels, {@link OneDnnIsa#brief()}), the
 * operating system, Java, the engine and PyTorch, the tri2plane version of the jars (or
 * "development build" when run from classes) and the source commit the launcher passed
 * ({@code -Dtri2plane.commit}; null when unknown). The report shows this, not the machine that
 * makes the report.
 */
public record RunEnvironment(String machine, String os, String java, String engine, String tri2plane, String commit) {

    /** The system property the launcher sets to the source commit ({@code git rev-parse}, "+changes" when dirty). */
    public static final String COMMIT_PROPERTY = "tri2plane.commit";

    /** The environment of this process. */
    public static RunEnvironment current() {
        String engine;
        try {
            Engine e = Engine.getInstance();
            engine = e.getEngineName() + " " + e.getVersion();
        } catch (RuntimeException | Error e) {
            engine = "unavailable";
        }
        String commit = System.getProperty(COMMIT_PROPERTY);
        String machine = ProcessInfo.cpuModel() + ", " + OneDnnIsa.current().brief();
        return new RunEnvironment(machine, System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"), engine, version(), commit == null || commit.isBlank() ? null : commit);
    }

    /** The tri2plane version of the running jars (their Implementation-Version), or "development build" when run from classes. */
    public static String version() {
        String v = RunEnvironment.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
