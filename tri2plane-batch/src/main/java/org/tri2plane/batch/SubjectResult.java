package org.tri2plane.batch;

import java.io.Serializable;

/**
 * How one subject's task ended: ok or failed (with the reason), the attempt that ended it, the
 * training step its last attempt resumed from (0: it trained from scratch), its wall time, and
 * its evaluation folders (null when not reached).
 */
public record SubjectResult(String name, boolean ok, String reason, int attempt, long resumedFromStep, double seconds,
        String selfEval, String expressionEval, String crossEval) implements Serializable {}
