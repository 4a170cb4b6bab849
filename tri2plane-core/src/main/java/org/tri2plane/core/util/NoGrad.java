package org.tri2plane.core.util;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off on this thread until closed (like torch.no_grad()), even
 * inside a GradientCollector; restores the previous state on close.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Starts a no-grad region: {@code try (NoGrad g = NoGrad.enter()) { ... }}. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** Whether autograd is recording on this thread. */
    public static boolean recording() {
        return JniUtils.isGradMode();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
