package dev.adamae.runner.report;

import dev.adamae.engine.finetune.TestResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a test's confusion matrix as a PNG: one row per true class, one column per predicted
 * class, each cell shaded by the share of its row (white 0 to dark blue 1) and labelled with its
 * count; class names on the left and on top, top-1 and top-5 in the title.
 */
public final class ConfusionMatrixImage {

    /** Side of one cell in pixels. */
    static final int CELL = 36;

    private static final int MARGIN = 12;
    private static final int TITLE = 28;

    private ConfusionMatrixImage() {
    }

    /** Returns the colour of a cell holding {@code share} of its row. */
    static Color shade(double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Color((int) Math.round(255 - s * (255 - 8)), (int) Math.round(255 - s * (255 - 48)),
                (int) Math.round(255 - s * (255 - 107)));
    }

    /** Renders the matrix. */
    public static BufferedImage render(TestResult result) {
        int[][] confusion = result.confusion();
        List<String> names = result.classNames();
        int classes = confusion.length;
        int labelWidth = 8 + names.stream().mapToInt(String::length).max().orElse(1) * 7;
        int width = MARGIN * 2 + labelWidth + classes * CELL;
        int height = MARGIN * 2 + TITLE + labelWidth + classes * CELL;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = MARGIN + labelWidth;
        int top = MARGIN + TITLE + labelWidth;
        for (int row = 0; row < classes; row++) {
            int total = 0;
            for (int count : confusion[row]) {
                total += count;
            }
            for (int column = 0; column < classes; column++) {
                double share = total == 0 ? 0 : (double) confusion[row][column] / total;
                g.setColor(shade(share));
                g.fillRect(left + column * CELL, top + row * CELL, CELL, CELL);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(left + column * CELL, top + row * CELL, CELL, CELL);
            }
        }
        try {
            drawText(g, result, left, top, labelWidth);
        } catch (RuntimeException | Error e) {
            // A machine without fonts still gets the shaded matrix; the counts are in the JSON.
        }
        g.dispose();
        return image;
    }

    private static void drawText(Graphics2D g, TestResult result, int left, int top, int labelWidth) {
        int[][] confusion = result.confusion();
        List<String> names = result.classNames();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "top-1 %.1f%%  top-5 %.1f%%  %d clips, %dx%d views  (rows: true, columns: predicted)",
                100 * result.top1(), 100 * result.top5(), result.clips(), result.temporalViews(), result.spatialViews()),
                MARGIN, MARGIN + 14);
        for (int i = 0; i < names.size(); i++) {
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), MARGIN, top + i * CELL + CELL / 2 + 4);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + i * CELL + CELL / 2 + 4, top - 6);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(names.get(i), 0, 0);
            rotated.dispose();
        }
        for (int row = 0; row < confusion.length; row++) {
            int total = 0;
            for (int count : confusion[row]) {
                total += count;
            }
            for (int column = 0; column < confusion.length; column++) {
                int count = confusion[row][column];
                if (count == 0) {
                    continue;
                }
                g.setColor(total > 0 && (double) count / total > 0.5 ? Color.WHITE : Color.BLACK);
                String text = Integer.toString(count);
                g.drawString(text, left + column * CELL + (CELL - 6 * text.length()) / 2, top + row * CELL + CELL / 2 + 4);
            }
        }
    }

    /** Writes the matrix of {@code result} to {@code file} as a PNG, atomically. */
    public static Path write(TestResult result, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            if (!ImageIO.write(render(result), "png", temporary.toFile())) {
                throw new IOException("no PNG writer");
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
