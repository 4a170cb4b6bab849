package org.tri2plane.core.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tri2plane.core.util.AtomicFiles;

/**
 * A small line chart written as PNG (loss curves, per-frame metric plots): named series of (x, y)
 * points on a linear or log₁₀ y axis, with a title, axis labels and a legend. Non-finite values
 * (and non-positive ones on a log axis) leave a gap.
 */
public final class LineChart {

    /** One named line. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length + " y values");
            }
        }
    }

    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_BOTTOM = 40;
    private static final int MARGIN_TOP = 24;
    private static final Color[] COLORS = {Color.BLACK, new Color(220, 50, 50), new Color(50, 150, 50), new Color(50, 80, 220),
        new Color(200, 120, 0), new Color(140, 60, 170), new Color(0, 150, 160)};
    /** Line styles after the colours run out: solid, dashed, dotted. */
    private static final float[][] DASHES = {null, {7f, 4f}, {2f, 3f}};
    private static final int LEGEND_WIDTH = 170;

    private final String title;
    private final String xLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.logY = logY;
    }

    /** Adds a line; returns this chart. */
    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    private double mapY(double v) {
        return logY ? Math.log10(v) : v;
    }

    private boolean usable(double v) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    /** The chart as an image of {@code width x height}. */
    public BufferedImage draw(int width, int height) {
        // more than one series: the legend gets its own column right of the plot
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int right = series.size() > 1 ? legendWidth(g, width) : 20;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, MARGIN_LEFT + 10, 16);
        g.drawLine(MARGIN_LEFT, height - MARGIN_BOTTOM, width - right, height - MARGIN_BOTTOM);
        g.drawLine(MARGIN_LEFT, MARGIN_TOP, MARGIN_LEFT, height - MARGIN_BOTTOM);
        Plot plot = plot(width, height, right);
        if (plot != null) {
            for (int k = 0; k < series.size(); k++) {
                drawSeries(g, k, plot);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(plot.x0()), MARGIN_LEFT, height - 20);
            g.drawString(label(plot.x1()), width - right - 50, height - 20);
            g.drawString(xLabel, (width - MARGIN_LEFT) / 2, height - 6);
            g.drawString(label(logY ? Math.pow(10, plot.hi()) : plot.hi()), 4, MARGIN_TOP + 4);
            g.drawString(label(logY ? Math.pow(10, plot.lo()) : plot.lo()), 4, height - MARGIN_BOTTOM);
        }
        g.dispose();
        return img;
    }

    /** The plot area and the data ranges it shows (y mapped); null when no series has a usable point. */
    private record Plot(int width, int height, int right, double x0, double x1, double lo, double hi) {
        int x(double v) {
            return MARGIN_LEFT + (int) Math.round((width - MARGIN_LEFT - right) * (v - x0) / (x1 - x0));
        }

        int y(double mapped) {
            return height - MARGIN_BOTTOM - (int) Math.round((height - MARGIN_BOTTOM - MARGIN_TOP) * (mapped - lo) / (hi - lo));
        }
    }

    private Plot plot(int width, int height, int right) {
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (usable(s.y()[i]) && Double.isFinite(s.x()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    lo = Math.min(lo, mapY(s.y()[i]));
                    hi = Math.max(hi, mapY(s.y()[i]));
                }
            }
        }
        if (!(x0 <= x1)) {
            return null;
        }
        return new Plot(width, height, right, x0, x1 > x0 ? x1 : x0 + 1, lo, hi > lo ? hi : lo + 1);
    }

    /**
     * The legend column: wide enough for the longest series name (at least {@link #LEGEND_WIDTH}),
     * at most half the chart.
     */
    private int legendWidth(Graphics2D g, int width) {
        int widest = 0;
        for (Series s : series) {
            widest = Math.max(widest, g.getFontMetrics().stringWidth(s.name()));
        }
        return Math.min(width / 2, Math.max(LEGEND_WIDTH, widest + 52));
    }

    /** Series {@code k}: its line (broken at unusable points), point marks and legend entry. */
    private void drawSeries(Graphics2D g, int k, Plot plot) {
        Series s = series.get(k);
        g.setColor(COLORS[k % COLORS.length]);
        float[] dash = DASHES[(k / COLORS.length) % DASHES.length];
        g.setStroke(dash == null ? new BasicStroke(1.4f)
                : new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < s.x().length; i++) {
            if (!usable(s.y()[i])) {
                px = -1;
                continue;
            }
            int x = plot.x(s.x()[i]);
            int y = plot.y(mapY(s.y()[i]));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillRect(x - 2, y - 2, 4, 4);
            px = x;
            py = y;
        }
        int ly = MARGIN_TOP + 16 + 16 * k;
        if (series.size() > 1) {
            g.drawLine(plot.width() - plot.right() + 12, ly - 4, plot.width() - plot.right() + 36, ly - 4);
            g.drawString(s.name(), plot.width() - plot.right() + 42, ly);
        } else {
            g.drawString(s.name(), plot.width() - 150, ly);
        }
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Writes the chart as PNG (atomically). */
    public void writePng(Path file, int width, int height) throws IOException {
        BufferedImage img = draw(width, height);
        AtomicFiles.writeFile(file, tmp -> RgbImage.writePng(img, tmp));
    }
}
