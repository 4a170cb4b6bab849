package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.image.LineChart;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.util.AtomicFiles;

/**
 * Pictures of a run: the preview strip GT | Φ128 | Φ256 | Φ512 | SR of a training step (each W x W,
 * the finer scales drawn at their place in the window over grey), and the loss curve (log scale).
 */
final class TrainPreviews {

    private TrainPreviews() {}

    /** Writes the preview of the first sample of a step. */
    static void preview(Path file, NDArray truth, TrainingForward out, int w) throws IOException {
        BufferedImage img = new BufferedImage(5 * w, w, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 5 * w, w);
        draw(g, truth, 0, 0, w, w);
        for (int s = 0; s < 3; s++) {
            PixelWindow p = out.layout().scale(s);
            draw(g, out.scales().get(s).rgb(), (s + 1) * w + p.x0(), p.y0(), p.width(), p.height());
        }
        PixelWindow sr = out.srWindow(); // the whole window, or the block a step super-resolves
        draw(g, out.superResolved(), 4 * w + sr.x0(), sr.y0(), sr.width(), sr.height());
        g.setColor(Color.WHITE);
        String[] labels = {"GT", "Phi128 (x4)", "Phi256 (x2)", "Phi512", "SR"};
        for (int i = 0; i < 5; i++) {
            g.drawString(labels[i], i * w + 4, 14);
        }
        g.dispose();
        AtomicFiles.writeFile(file, tmp -> RgbImage.writePng(img, tmp));
    }

    /** Draws sample 0 of a [B, ≥3, h, w] array scaled to a dw x dh rectangle. */
    private static void draw(Graphics2D g, NDArray image, int x, int y, int dw, int dh) {
        long h = image.getShape().get(2);
        long w = image.getShape().get(3);
        float[] v = image.get("0, 0:3").toFloatArray();
        BufferedImage b = new BufferedImage((int) w, (int) h, BufferedImage.TYPE_INT_RGB);
        int n = (int) (h * w);
        for (int i = 0; i < n; i++) {
            int r = clamp(v[i]);
            int gg = clamp(v[n + i]);
            int bb = clamp(v[2 * n + i]);
            b.setRGB(i % (int) w, i / (int) w, (r << 16) | (gg << 8) | bb);
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(b, x, y, dw, dh, null);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** Loss curves of every term and the total (moving averages over 25 steps), log scale. */
    static void lossCurve(Path file, List<Long> steps, List<Map<String, Float>> raw) throws IOException {
        List<Map<String, Float>> terms = new ArrayList<>();
        int span = 25;
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Float> avg = new java.util.LinkedHashMap<>();
            int from = Math.max(0, i - span + 1);
            for (String k : raw.get(i).keySet()) {
                double sum = 0;
                int n = 0;
                for (int j = from; j <= i; j++) {
                    Float v = raw.get(j).get(k);
                    if (v != null && Float.isFinite(v)) {
                        sum += v;
                        n++;
                    }
                }
                avg.put(k, n == 0 ? Float.NaN : (float) (sum / n));
            }
            terms.add(avg);
        }
        LineChart chart = new LineChart("loss (log scale, 25-step moving average)", "step", true);
        if (!terms.isEmpty()) {
            double[] x = steps.stream().mapToDouble(Long::doubleValue).toArray();
            for (String name : terms.get(0).keySet()) {
                double[] y = new double[terms.size()];
                for (int i = 0; i < y.length; i++) {
                    Float v = terms.get(i).get(name);
                    y[i] = v == null ? Double.NaN : v;
                }
                chart.add(new LineChart.Series(name, x, y));
            }
        }
        chart.writePng(file, 720, 400);
    }
}
