package org.tri2plane.cli;

/** Process-wide settings applied before DJL loads: natives come from the jars, never downloaded. */
final class Launch {
    private Launch() {}

    static void prepare() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.default_engine") == null) {
            System.setProperty("ai.djl.default_engine", "PyTorch");
        }
    }
}
