package org.tri2plane.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Readings of this process and machine that benchmarks and training logs record: memory, CPU, malloc settings. */
public final class ProcessInfo {

    private ProcessInfo() {}

    /** Resident set size of this process in MB (native memory included), or -1. */
    public static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The glibc malloc environment the process runs with (the launcher sets it; unset: glibc's default). */
    public static Map<String, String> mallocSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : new String[] {"MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
                "MALLOC_MMAP_THRESHOLD_", "LD_PRELOAD"}) {
            String v = System.getenv(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Java heap in use, MB. */
    public static long heapUsedMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /** Whether the CPU lists {@code flag} (e.g. avx512f) among its flags in /proc/cpuinfo; false where that is unreadable. */
    public static boolean cpuFlag(String flag) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return java.util.Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).contains(flag);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The CPU model and core count, from /proc/cpuinfo. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " x" + Runtime.getRuntime().availableProcessors();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
