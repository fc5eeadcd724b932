package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks of the web UI's screenshots: that a page was drawn with the registry's own stylesheet, not left blank. */
final class Screenshots {

    /** The colour of the page bar the stylesheet draws (#17233a). */
    static final int BAR = 0x17233a;

    private Screenshots() {
    }

    /**
     * The screenshot is a PNG of the browser's viewport, whose top-left corner is the bar's colour (so the stylesheet
     * loaded and applied) and which has the many colours of drawn text, not one of a blank or unstyled page.
     */
    static void check(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, png + " is not a PNG");
        assertEquals(Chromium.WIDTH, image.getWidth(), png + ": width");
        assertEquals(Chromium.HEIGHT, image.getHeight(), png + ": height");
        assertEquals(BAR, image.getRGB(4, 4) & 0xffffff, png + ": the bar's colour at the top left, so the "
                + "stylesheet applied");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(colours.size() > 20, png + " has " + colours.size() + " colours: a blank page?");
    }

    /** The pixel at the point has the colour, give or take a little (anti-aliasing). */
    static void requireColour(Path png, int[] point, int rgb, String what) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int found = image.getRGB(point[0], point[1]) & 0xffffff;
        int distance = Math.abs((found >> 16) - (rgb >> 16)) + Math.abs(((found >> 8) & 0xff) - ((rgb >> 8) & 0xff))
                + Math.abs((found & 0xff) - (rgb & 0xff));
        assertTrue(distance < 24, what + ": at " + point[0] + "," + point[1] + " of " + png + " the colour is "
                + Integer.toHexString(found) + ", not " + Integer.toHexString(rgb));
    }
}
