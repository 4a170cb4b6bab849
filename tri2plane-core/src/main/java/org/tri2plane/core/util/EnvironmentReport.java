package org.tri2plane.core.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tri2plane.core.config.ConfigException;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * What {@code tri2plane doctor} reports: the deep-learning engine and its native library, the
 * devices it sees, memory, and whether each config file in a directory is valid. Engine failures
 * are captured as messages rather than thrown, so the report is always complete.
 *
 * @param engineOk whether the engine loaded and computed 1 + 1
 * @param onednn whether the CPU convolutions can be trusted (oneDNN's ISA on an AVX-512 CPU)
 * @param configs config file name → "ok" or the validation error
 */
public record EnvironmentReport(
        String javaVersion,
        boolean offline,
        boolean engineOk,
        String engine,
        String engineVersion,
        String pytorchVersion,
        String nativeLibrary,
        String engineCacheDir,
        List<String> devices,
        int gpuCount,
        int intraOpThreads,
        int cpuCores,
        long jvmMaxHeapMb,
        long systemMemoryMb,
        long systemAvailableMb,
        String engineError,
        OneDnnIsa onednn,
        Map<String, String> configs) {

    /** Collects the report checking model configs only; see {@link #collect(Path, Map)}. */
    public static EnvironmentReport collect(Path configsDir) {
        return collect(configsDir, Map.of());
    }

    /**
     * Collects the report; {@code configsDir} may be null or missing (then no configs are checked).
     * {@code otherKinds} maps file names of non-model configs (e.g. {@code tracking.json}) to their
     * record type; every other {@code *.json} is checked as a model config.
     */
    public static EnvironmentReport collect(Path configsDir, Map<String, Class<?>> otherKinds) {
        String engine = "unavailable";
        String engineVersion = "";
        String pytorch = "";
        String nativeLib = "";
        List<String> devices = new ArrayList<>();
        int gpus = 0;
        int threads = -1;
        boolean ok = false;
        String error = null;
        try {
            Engine e = Engine.getInstance();
            engine = e.getEngineName();
            engineVersion = e.getVersion();
            pytorch = LibUtils.getVersion();
            nativeLib = LibUtils.getLibtorchPath();
            gpus = e.getGpuCount();
            for (Device d : e.getDevices()) {
                devices.add(d.toString());
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray two = m.create(1f).add(m.create(1f));
                ok = two.getFloat() == 2f;
            }
            threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        } catch (RuntimeException | UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long[] mem = readMemInfo();
        return new EnvironmentReport(
                Runtime.version().toString(),
                Boolean.parseBoolean(System.getProperty("ai.djl.offline", "false")),
                ok,
                engine,
                engineVersion,
                pytorch,
                nativeLib,
                Utils.getEngineCacheDir("pytorch").toString(),
                devices,
                gpus,
                threads,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                mem[0],
                mem[1],
                error,
                OneDnnIsa.current(),
                checkConfigs(configsDir, otherKinds));
    }

    /** Validates every {@code *.json} in {@code dir}: name → "ok" or the error message. */
    public static Map<String, String> checkConfigs(Path dir, Map<String, Class<?>> otherKinds) {
        Map<String, String> out = new TreeMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        ConfigLoader loader = new ConfigLoader();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                try {
                    loader.load(p, otherKinds.getOrDefault(p.getFileName().toString(), Tri2PlaneConfig.class));
                    out.put(p.getFileName().toString(), "ok");
                } catch (ConfigException e) {
                    out.put(p.getFileName().toString(), e.getMessage());
                }
            }
        } catch (IOException e) {
            out.put(dir.toString(), "cannot list: " + e.getMessage());
        }
        return out;
    }

    /** True when every config checked is valid. */
    public boolean configsOk() {
        return configs.values().stream().allMatch("ok"::equals);
    }

    /** {total, available} from /proc/meminfo, or {-1, -1} where that is not readable. */
    private static long[] readMemInfo() {
        long total = -1;
        long avail = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kb(line) / 1024;
                } else if (line.startsWith("MemAvailable:")) {
                    avail = kb(line) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {total, avail};
    }

    private static long kb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }
}
