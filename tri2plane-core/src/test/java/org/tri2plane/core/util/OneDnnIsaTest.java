package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which oneDNN settings leave the CPU convolutions trusted. */
class OneDnnIsaTest {

    @Test
    void anAvx512CpuNeedsOneDnnHeldToAvx2OrBelow() {
        assertTrue(new OneDnnIsa(false, null).trusted(), "no AVX-512: nothing to hold back");
        assertFalse(new OneDnnIsa(true, null).trusted());
        assertFalse(new OneDnnIsa(true, "ALL").trusted());
        assertFalse(new OneDnnIsa(true, "AVX512_CORE").trusted());
        assertTrue(new OneDnnIsa(true, "AVX2").trusted());
        assertTrue(new OneDnnIsa(true, "avx2").trusted(), "oneDNN reads the value case-insensitively");
        assertTrue(new OneDnnIsa(true, "SSE41").trusted());
        assertTrue(new OneDnnIsa(true, null).describe().contains("FAILED"));
        assertTrue(new OneDnnIsa(true, "AVX2").describe().contains("[ok]"));
        org.junit.jupiter.api.Assertions.assertEquals("AVX-512, oneDNN at AVX2", new OneDnnIsa(true, "AVX2").brief());
        org.junit.jupiter.api.Assertions.assertEquals("AVX-512, oneDNN unrestricted", new OneDnnIsa(true, null).brief());
        org.junit.jupiter.api.Assertions.assertEquals("no AVX-512", new OneDnnIsa(false, "AVX2").brief());
    }

    @Test
    void theTestJvmRunsAsTheLauncherDoes() {
        assertTrue(OneDnnIsa.current().trusted(), OneDnnIsa.current().describe());
    }
}
