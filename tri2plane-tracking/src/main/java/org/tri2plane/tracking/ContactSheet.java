package org.tri2plane.tracking;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.MorphableModel;

/**
 * {@code contact_sheet.png}: eight frames spread over the video (held-out ones labelled), each with
 * the fitted mesh projected as a red wireframe and the tracked landmarks as green dots, so a glance
 * shows whether tracking and fitting agree.
 */
final class ContactSheet {

    private static final int TILE = 256;
    private static final int COLUMNS = 4;

    private ContactSheet() {}

    static void write(Path dir, List<TrackLine> kept, List<double[]> points,
            List<FrameFitter.Fit> fits, MorphableModel model, int[] triangles, Camera camera, int[] indices, int trainCount)
            throws IOException {
        int n = kept.size();
        int count = Math.min(8, n);
        int rows = (count + COLUMNS - 1) / COLUMNS;
        BufferedImage sheet = new BufferedImage(COLUMNS * TILE, rows * TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int k = 0; k < count; k++) {
            int i = count == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (count - 1));
            RgbImage frame = RgbImage.read(dir.resolve("frames").resolve(SubjectDirectory.fileName(indices[i])));
            int ox = (k % COLUMNS) * TILE;
            int oy = (k / COLUMNS) * TILE;
            double s = (double) TILE / frame.width();
            g.drawImage(frame.toBufferedImage(), ox, oy, TILE, TILE, null);
            double[] shape = model.shape(fits.get(i).beta());
            double[] proj = new double[shape.length / 3 * 2];
            for (int v = 0; v < shape.length / 3; v++) {
                double[] p = camera.project(fits.get(i).pose().toCamera(new double[] {shape[3 * v], shape[3 * v + 1], shape[3 * v + 2]}));
                proj[2 * v] = ox + p[0] * s;
                proj[2 * v + 1] = oy + p[1] * s;
            }
            g.setColor(new Color(255, 60, 60, 110));
            g.setStroke(new BasicStroke(0.6f));
            for (int t = 0; t < triangles.length / 3; t++) {
                for (int e = 0; e < 3; e++) {
                    int a = triangles[3 * t + e];
                    int b = triangles[3 * t + (e + 1) % 3];
                    g.drawLine((int) proj[2 * a], (int) proj[2 * a + 1], (int) proj[2 * b], (int) proj[2 * b + 1]);
                }
            }
            g.setColor(new Color(40, 255, 80));
            double[] lm = points.get(i);
            for (int v = 0; v < lm.length / 3; v++) {
                g.fillRect((int) (ox + lm[3 * v] * s), (int) (oy + lm[3 * v + 1] * s), 1, 1);
            }
            g.setColor(Color.WHITE);
            g.drawString(String.format(java.util.Locale.ROOT, "#%d  %.2f px%s", indices[i], fits.get(i).meanError(),
                    i >= trainCount ? "  held out" : ""), ox + 6, oy + 16);
        }
        g.dispose();
        AtomicFiles.writeFile(dir.resolve(SubjectDirectory.CONTACT_SHEET), tmp -> {
            if (!ImageIO.write(sheet, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
