package org.tri2plane.core.util;

import java.util.Locale;
import java.util.Set;

/**
 * Whether PyTorch's CPU convolutions can be trusted here: PyTorch 2.3.1's oneDNN AVX-512 kernels
 * return wrong values and NaN at random for some convolution shapes, so on a CPU with AVX-512 the
 * {@code ONEDNN_MAX_CPU_ISA} environment variable must hold oneDNN to AVX2 or below (the launchers
 * set it). {@code limit} is that variable's value, null when unset.
 */
public record OneDnnIsa(boolean cpuAvx512, String limit) {

    /** oneDNN ISA names at or below AVX2. */
    private static final Set<String> SAFE = Set.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2");

    /** This process: the CPU's flags from /proc/cpuinfo (no AVX-512 where unreadable) and the variable. */
    public static OneDnnIsa current() {
        return new OneDnnIsa(ProcessInfo.cpuFlag("avx512f"), System.getenv("ONEDNN_MAX_CPU_ISA"));
    }

    /** True without AVX-512, or with oneDNN held to AVX2 or below. */
    public boolean trusted() {
        return !cpuAvx512 || (limit != null && SAFE.contains(limit.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * A few words for the machine a run records: "no AVX-512", "AVX-512, oneDNN at AVX2" (or the
     * limit set), or "AVX-512, oneDNN unrestricted" (convolutions not to be trusted).
     */
    public String brief() {
        if (!cpuAvx512) {
            return "no AVX-512";
        }
        return trusted() ? "AVX-512, oneDNN at " + limit.trim() : "AVX-512, oneDNN unrestricted";
    }

    /** One line for {@code tri2plane doctor}. */
    public String describe() {
        if (!cpuAvx512) {
            return "no AVX-512 on this CPU" + (limit == null ? "" : " (ONEDNN_MAX_CPU_ISA=" + limit + ")") + "  [ok]";
        }
        if (trusted()) {
            return "AVX-512 CPU, oneDNN held to " + limit + " (ONEDNN_MAX_CPU_ISA)  [ok]";
        }
        return "AVX-512 CPU and ONEDNN_MAX_CPU_ISA=" + (limit == null ? "(unset)" : limit) + "  [FAILED: PyTorch 2.3.1's oneDNN"
                + " AVX-512 convolutions return wrong values and NaN at random; run through scripts/tri2plane or"
                + " export ONEDNN_MAX_CPU_ISA=AVX2]";
    }
}
