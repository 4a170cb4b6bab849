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
 * OUT.png HEIGHT "caption=image.png" ... (used by scripts/docs/readme-strip.sh).
 */
public class ReadmeStrip {
    public static void main(String[] args) throws Exception {
        int h = Integer.parseInt(args[1]);
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int w = 0;
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            BufferedImage img = ImageIO.read(new File(args[i].substring(eq + 1)));
            int iw = img.getWidth() * h / img.getHeight();
            images.add(img);
            captions.add(args[i].substring(0, eq));
            w += iw + 4;
        }
        BufferedImage out = new BufferedImage(w - 4, h + 18, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int x = 0;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            int iw = img.getWidth() * h / img.getHeight();
            g.drawImage(img, x, 0, iw, h, null);
            g.setColor(Color.DARK_GRAY);
            g.drawString(captions.get(i), x + 3, h + 13);
            x += iw + 4;
        }
        g.dispose();
        ImageIO.write(out, "png", new File(args[0]));
    }
}
