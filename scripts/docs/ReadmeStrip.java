import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Puts images side by side at a common height with a caption under each: java ReadmeStrip.java
 * OUT.png HEIGHT "caption=image.png" ... (used by scripts/docs/readme-strip.sh); an argument "/"
 * starts a new row below (rows are left-aligned).
 */
public class ReadmeStrip {
    public static void main(String[] args) throws Exception {
        int h = Integer.parseInt(args[1]);
        List<List<String[]>> rows = new ArrayList<>();
        rows.add(new ArrayList<>());
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("/")) {
                rows.add(new ArrayList<>());
                continue;
            }
            int eq = args[i].indexOf('=');
            rows.get(rows.size() - 1).add(new String[] {args[i].substring(0, eq), args[i].substring(eq + 1)});
        }
        List<List<BufferedImage>> images = new ArrayList<>();
        int w = 0;
        for (List<String[]> row : rows) {
            List<BufferedImage> imgs = new ArrayList<>();
            int rw = 0;
            for (String[] cell : row) {
                BufferedImage img = ImageIO.read(new File(cell[1]));
                imgs.add(img);
                rw += img.getWidth() * h / img.getHeight() + 4;
            }
            images.add(imgs);
            w = Math.max(w, rw - 4);
        }
        int rowHeight = h + 18;
        BufferedImage out = new BufferedImage(w, rowHeight * rows.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            int x = 0;
            int y = r * rowHeight;
            for (int i = 0; i < images.get(r).size(); i++) {
                BufferedImage img = images.get(r).get(i);
                int iw = img.getWidth() * h / img.getHeight();
                g.drawImage(img, x, y, iw, h, null);
                g.setColor(Color.DARK_GRAY);
                g.drawString(rows.get(r).get(i)[0], x + 3, y + h + 13);
                x += iw + 4;
            }
        }
        g.dispose();
        ImageIO.write(out, "png", new File(args[0]));
    }
}
