package dev.adamae.engine.visual;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;

/**
 * A 5x7 pixel font of capital letters, digits and a few signs, for the pictures' labels.
 *
 * <p>Drawn pixel by pixel, so that labels need no installed font (a headless JVM may have none)
 * and look the same on every machine.
 */
final class PixelFont {

    /** Glyph width and height, in font pixels. */
    static final int GLYPH_WIDTH = 5;
    static final int GLYPH_HEIGHT = 7;

    /** Font pixels from one glyph to the next. */
    static final int ADVANCE = GLYPH_WIDTH + 1;

    private static final Map<Character, String> GLYPHS = Map.ofEntries(
            Map.entry('A', ".###./#...#/#...#/#####/#...#/#...#/#...#"),
            Map.entry('B', "####./#...#/#...#/####./#...#/#...#/####."),
            Map.entry('C', ".###./#...#/#..../#..../#..../#...#/.###."),
            Map.entry('D', "###../#..#./#...#/#...#/#...#/#..#./###.."),
            Map.entry('E', "#####/#..../#..../####./#..../#..../#####"),
            Map.entry('F', "#####/#..../#..../####./#..../#..../#...."),
            Map.entry('G', ".###./#...#/#..../#.###/#...#/#...#/.####"),
            Map.entry('H', "#...#/#...#/#...#/#####/#...#/#...#/#...#"),
            Map.entry('I', ".###./..#../..#../..#../..#../..#../.###."),
            Map.entry('J', "..###/...#./...#./...#./...#./#..#./.##.."),
            Map.entry('K', "#...#/#..#./#.#../##.../#.#../#..#./#...#"),
            Map.entry('L', "#..../#..../#..../#..../#..../#..../#####"),
            Map.entry('M', "#...#/##.##/#.#.#/#.#.#/#...#/#...#/#...#"),
            Map.entry('N', "#...#/#...#/##..#/#.#.#/#..##/#...#/#...#"),
            Map.entry('O', ".###./#...#/#...#/#...#/#...#/#...#/.###."),
            Map.entry('P', "####./#...#/#...#/####./#..../#..../#...."),
            Map.entry('Q', ".###./#...#/#...#/#...#/#.#.#/#..#./.##.#"),
            Map.entry('R', "####./#...#/#...#/####./#.#../#..#./#...#"),
            Map.entry('S', ".####/#..../#..../.###./....#/....#/####."),
            Map.entry('T', "#####/..#../..#../..#../..#../..#../..#.."),
            Map.entry('U', "#...#/#...#/#...#/#...#/#...#/#...#/.###."),
            Map.entry('V', "#...#/#...#/#...#/#...#/#...#/.#.#./..#.."),
            Map.entry('W', "#...#/#...#/#...#/#.#.#/#.#.#/#.#.#/.#.#."),
            Map.entry('X', "#...#/#...#/.#.#./..#../.#.#./#...#/#...#"),
            Map.entry('Y', "#...#/#...#/.#.#./..#../..#../..#../..#.."),
            Map.entry('Z', "#####/....#/...#./..#../.#.../#..../#####"),
            Map.entry('0', ".###./#...#/#..##/#.#.#/##..#/#...#/.###."),
            Map.entry('1', "..#../.##../..#../..#../..#../..#../.###."),
            Map.entry('2', ".###./#...#/....#/...#./..#../.#.../#####"),
            Map.entry('3', "#####/...#./..#../...#./....#/#...#/.###."),
            Map.entry('4', "...#./..##./.#.#./#..#./#####/...#./...#."),
            Map.entry('5', "#####/#..../####./....#/....#/#...#/.###."),
            Map.entry('6', "..##./.#.../#..../####./#...#/#...#/.###."),
            Map.entry('7', "#####/....#/...#./..#../.#.../.#.../.#..."),
            Map.entry('8', ".###./#...#/#...#/.###./#...#/#...#/.###."),
            Map.entry('9', ".###./#...#/#...#/.####/....#/...#./.##.."),
            Map.entry('=', "...../...../#####/...../#####/...../....."),
            Map.entry('.', "...../...../...../...../...../.##../.##.."),
            Map.entry('-', "...../...../...../#####/...../...../....."),
            Map.entry(':', "...../.##../.##../...../.##../.##../....."));

    private PixelFont() {
    }

    /** Returns the width in image pixels of {@code text} drawn at {@code scale}. */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
    }

    /**
     * Draws {@code text} in capitals with its top left corner at {@code (x, y)}, each font pixel a
     * {@code scale x scale} square; characters the font lacks are left blank, and whatever falls
     * outside the image is cut off.
     */
    static void draw(BufferedImage image, String text, int x, int y, int scale, int rgb) {
        String capitals = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < capitals.length(); i++) {
            String glyph = GLYPHS.get(capitals.charAt(i));
            if (glyph == null) {
                continue;
            }
            String[] rows = glyph.split("/");
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                for (int column = 0; column < GLYPH_WIDTH; column++) {
                    if (rows[row].charAt(column) == '#') {
                        fill(image, x + (i * ADVANCE + column) * scale, y + row * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage image, int x0, int y0, int scale, int rgb) {
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + scale); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + scale); x++) {
                image.setRGB(x, y, rgb);
            }
        }
    }
}
