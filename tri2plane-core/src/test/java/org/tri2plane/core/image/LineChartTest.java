package org.tri2plane.core.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The chart keeps every legend entry inside the image. */
class LineChartTest {

    @Test
    void aLongSeriesNameFitsInTheLegend() {
        double[] x = {0, 1, 2, 3};
        BufferedImage img = new LineChart("mouth opening", "frame", false)
                .add(new LineChart.Series("franck (expression) reference", x, new double[] {0.1, 0.2, 0.1, 0.3}))
                .add(new LineChart.Series("franck <- cap12 (cross-reenactment) avatar", x, new double[] {0.0, 0.1, 0.2, 0.1}))
                .draw(720, 400);
        int inked = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int c = img.getWidth() - 3; c < img.getWidth(); c++) {
                if ((img.getRGB(c, y) & 0xffffff) != 0xffffff) {
                    inked++;
                }
            }
        }
        assertTrue(inked == 0, inked + " pixels of the last three columns are inked: a legend entry runs off the image");
        int legend = 0;
        for (int y = 0; y < 80; y++) {
            for (int c = 720 - 60; c < 720 - 3; c++) {
                if ((img.getRGB(c, y) & 0xffffff) != 0xffffff) {
                    legend++;
                }
            }
        }
        assertTrue(legend > 0, "the long name reaches towards the right edge (the check above means something)");
    }
}
