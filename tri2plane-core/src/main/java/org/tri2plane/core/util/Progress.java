package org.tri2plane.core.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long work: count, rate, ETA. Redrawn in place on a terminal (at most
 * five times a second); elsewhere (logs, CI) a plain line every 10 % so logs stay readable.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;
    private long done;
    private long baseline;
    private long drawnAt = -1;
    private String note = "";

    /** A bar on standard error; {@code total} ≤ 0 means unknown. */
    public Progress(String label, long total, String unit) {
        this(System.err, label, total, unit, System.console() != null);
    }

    public Progress(PrintStream out, String label, long total, String unit, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
    }

    /**
     * Starts the bar at {@code value} already done (a resumed run): the rate and ETA count only
     * what this run does, not the work of the runs before it.
     */
    public void resumeFrom(long value) {
        baseline = value;
        set(value);
    }

    /** Sets the count done so far. */
    public void set(long value) {
        done = value;
        draw(false);
    }

    /** Adds one. */
    public void step() {
        set(done + 1);
    }

    /** A short status shown after the numbers (e.g. the current loss). */
    public void note(String text) {
        note = text == null ? "" : text;
    }

    private void draw(boolean last) {
        long now = System.nanoTime();
        if (terminal) {
            if (!last && now - lastDraw < 200_000_000L) {
                return;
            }
            out.print("\r" + line(now) + "   ");
        } else {
            int decile = total > 0 ? (int) (10 * done / total) : -1;
            if (last ? done == drawnAt : decile == lastDecile) {
                return;
            }
            lastDecile = decile;
            out.println(line(now));
        }
        drawnAt = done;
        lastDraw = now;
        out.flush();
    }

    /** The current line, without terminal control characters. */
    String line(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        long progressed = done - baseline;
        double rate = progressed / secs;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
            sb.append(done).append('/').append(total);
        } else {
            sb.append(done);
        }
        sb.append(progressed > 0 ? String.format(Locale.ROOT, "  %.2f %s/s", rate, unit) : "  – " + unit + "/s");
        if (total > 0 && progressed > 0 && done < total) {
            sb.append("  ETA ").append(clock((total - done) / rate));
        } else {
            sb.append("  ").append(clock(secs));
        }
        if (!note.isEmpty()) {
            sb.append("  ").append(note);
        }
        return sb.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Seconds since the bar started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        draw(true);
        if (terminal) {
            out.println();
        }
        out.flush();
    }
}
