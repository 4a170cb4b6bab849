import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.tri2plane.render.landmarks.Landmarks68;
import org.tri2plane.tracking.face.CanonicalFaceModel;

/**
 * Draws docs/img/landmarks68.png: MediaPipe's canonical face (front view, wireframe) with the 68
 * F-LMD points and their numbers. Run from the repository root after building:
 *   java -cp "tri2plane-cli/target/lib/*" scripts/docs/Landmarks68Figure.java \
 *       ~/.cache/tri2plane/assets/canonical_face_model.binarypb docs/img/landmarks68.png
 */
public class Landmarks68Figure {
    public static void main(String[] args) throws Exception {
        CanonicalFaceModel face = CanonicalFaceModel.read(Path.of(args[0]));
        double[] v = face.vertices();
        int side = 900;
        double scale = side / 19.0;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, side, side);
        g.setColor(new Color(200, 200, 210));
        g.setStroke(new BasicStroke(0.8f));
        int[] t = face.triangles();
        for (int i = 0; i < t.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                int a = t[i + k];
                int b = t[i + (k + 1) % 3];
                g.drawLine(x(v, a, scale, side), y(v, a, scale, side), x(v, b, scale, side), y(v, b, scale, side));
            }
        }
        int[] lm = Landmarks68.meshIndices();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < lm.length; k++) {
            int px = x(v, lm[k], scale, side);
            int py = y(v, lm[k], scale, side);
            g.setColor(new Color(220, 40, 40));
            g.fillOval(px - 4, py - 4, 8, 8);
            g.setColor(Color.BLACK);
            g.drawString(Integer.toString(k), px + 5, py - 5);
        }
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
    }

    private static int x(double[] v, int i, double scale, int side) {
        return (int) Math.round(side / 2.0 + v[3 * i] * scale);
    }

    private static int y(double[] v, int i, double scale, int side) {
        return (int) Math.round(side / 2.0 - (v[3 * i + 1] + 0.5) * scale);
    }
}
