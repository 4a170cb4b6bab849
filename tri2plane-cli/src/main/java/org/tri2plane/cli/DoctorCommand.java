package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.EnvironmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane doctor}: engine, devices, memory, natives and config validity. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the installation: deep-learning engine and PyTorch version, devices, memory,",
            "native library path, and that every config file is valid. Exits 1 if anything fails."
        })
final class DoctorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--configs", paramLabel = "DIR", defaultValue = "configs",
            description = "Directory of config files to validate (default: ${DEFAULT-VALUE}).")
    private Path configs;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        EnvironmentReport r = EnvironmentReport.collect(configs, Map.of("tracking.json", TrackingSettings.class));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r));
        } else {
            out.printf("Java             %s%n", r.javaVersion());
            out.printf("Engine           %s %s%s%n", r.engine(), r.engineVersion(),
                    r.engineOk() ? "  [ok: computed 1 + 1]" : "  [FAILED]");
            if (r.engineError() != null) {
                out.printf("  error          %s%n", r.engineError());
            }
            out.printf("PyTorch          %s%n", r.pytorchVersion());
            out.printf("Native library   %s%n", r.nativeLibrary());
            out.printf("Engine cache     %s%n", r.engineCacheDir());
            out.printf("Offline natives  %s%n", r.offline() ? "yes (ai.djl.offline=true)" : "NO: natives may be downloaded");
            out.printf("Devices          %s (GPUs: %d)%n", String.join(", ", r.devices()), r.gpuCount());
            out.printf("Threads          %d intra-op, %d CPU cores%n", r.intraOpThreads(), r.cpuCores());
            out.printf("Convolutions     %s%n", r.onednn().describe());
            out.printf("Memory           JVM heap max %d MB, system %d MB (%d MB available)%n",
                    r.jvmMaxHeapMb(), r.systemMemoryMb(), r.systemAvailableMb());
            if (r.configs().isEmpty()) {
                out.printf("Configs          none found in %s%n", configs);
            }
            for (Map.Entry<String, String> e : r.configs().entrySet()) {
                out.printf("Config %-16s %s%n", e.getKey(), e.getValue());
            }
        }
        out.flush();
        return r.engineOk() && r.configsOk() && r.onednn().trusted() ? 0 : Tri2planeCommand.EXIT_FAILURE;
    }
}
