package dev.adamae.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
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
 * Plain PNG charts drawn with Java 2D: a line chart (several series on shared axes, with a
 * legend) and a grouped bar chart (with optional spread bars). Text is drawn when the machine has
 * fonts; the shapes are drawn in any case.
 */
public final class Charts {

    /** The colours of series, in order; the list repeats after its end. */
    static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
            new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207));

    /** The colours of reference lines, in order: dark grey, then dark red. */
    static final List<Color> REFERENCE_COLOURS = List.of(new Color(70, 70, 70), new Color(170, 30, 30));

    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    static final int LEFT = 80;
    static final int RIGHT = 220;
    static final int TOP = 50;
    static final int BOTTOM = 70;

    /**
     * A series of a line chart.
     *
     * @param name its name in the legend
     * @param x the x values, ascending
     * @param y the y values
     */
    public record Line(String name, double[] x, double[] y) {
    }

    /**
     * A series of a bar chart: one bar per category.
     *
     * @param name its name in the legend
     * @param values the bar heights, NaN for no bar
     * @param spreads the half-height of each bar's spread mark, NaN or 0 for none
     */
    public record Bars(String name, double[] values, double[] spreads) {
    }

    /**
     * A horizontal line across a bar chart, at a value every bar is read against (chance, a control).
     *
     * @param label its label, written at the line's right end
     * @param value where it lies on the y axis
     */
    public record Reference(String label, double value) {
    }

    private Charts() {
    }

    /** Returns the colour of series {@code index}. */
    static Color colour(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    /** Draws the series on shared axes, each in its colour, with a legend on the right. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<Line> series) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Line line : series) {
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.y()[i])) {
                    xMin = Math.min(xMin, line.x()[i]);
                    xMax = Math.max(xMax, line.x()[i]);
                    yMin = Math.min(yMin, line.y()[i]);
                    yMax = Math.max(yMax, line.y()[i]);
                }
            }
        }
        Axes axes = Axes.of(xMin, xMax, yMin, yMax, false);
        BufferedImage image = canvas();
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        axes.drawGrid(g);
        g.setStroke(new BasicStroke(1.8f));
        for (int s = 0; s < series.size(); s++) {
            Line line = series.get(s);
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < line.x().length; i++) {
                if (!Double.isFinite(line.y()[i])) {
                    continue;
                }
                double px = axes.px(line.x()[i]);
                double py = axes.py(line.y()[i]);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
            }
            g.setColor(colour(s));
            g.draw(path);
        }
        List<String> names = series.stream().map(Line::name).toList();
        text(g, () -> {
            axes.drawLabels(g, title, xLabel, yLabel, null);
            legend(g, names);
        });
        g.dispose();
        return image;
    }

    /** Draws one group of bars per category, each series in its colour, with spread marks. */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, List<Bars> series) {
        return bars(title, yLabel, categories, series, List.of());
    }

    /**
     * Draws one group of bars per category, each series in its colour, with spread marks, and a
     * dashed, labelled horizontal line at each reference value.
     */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, List<Bars> series,
            List<Reference> references) {
        double yMax = 0;
        for (Reference reference : references) {
            if (Double.isFinite(reference.value())) {
                yMax = Math.max(yMax, reference.value());
            }
        }
        for (Bars bars : series) {
            for (int i = 0; i < bars.values().length; i++) {
                double spread = Double.isFinite(bars.spreads()[i]) ? bars.spreads()[i] : 0;
                if (Double.isFinite(bars.values()[i])) {
                    yMax = Math.max(yMax, bars.values()[i] + spread);
                }
            }
        }
        Axes axes = Axes.of(0, categories.size(), 0, yMax == 0 ? 1 : yMax, true);
        BufferedImage image = canvas();
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        axes.drawGrid(g);
        double group = axes.px(1) - axes.px(0);
        double barWidth = group * 0.8 / Math.max(1, series.size());
        for (int s = 0; s < series.size(); s++) {
            Bars bars = series.get(s);
            for (int c = 0; c < categories.size(); c++) {
                double value = bars.values()[c];
                if (!Double.isFinite(value)) {
                    continue;
                }
                double x = axes.px(c) + group * 0.1 + s * barWidth;
                double top = axes.py(value);
                g.setColor(colour(s));
                g.fill(new java.awt.geom.Rectangle2D.Double(x, top, barWidth - 2, axes.py(0) - top));
                double spread = bars.spreads()[c];
                if (Double.isFinite(spread) && spread > 0) {
                    double middle = x + (barWidth - 2) / 2;
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.5f));
                    g.draw(new java.awt.geom.Line2D.Double(middle, axes.py(value - spread), middle,
                            axes.py(value + spread)));
                    g.draw(new java.awt.geom.Line2D.Double(middle - 5, axes.py(value - spread), middle + 5,
                            axes.py(value - spread)));
                    g.draw(new java.awt.geom.Line2D.Double(middle - 5, axes.py(value + spread), middle + 5,
                            axes.py(value + spread)));
                }
            }
        }
        List<Reference> drawn = references.stream().filter(reference -> Double.isFinite(reference.value())).toList();
        for (int r = 0; r < drawn.size(); r++) {
            double y = axes.py(drawn.get(r).value());
            g.setColor(REFERENCE_COLOURS.get(r % REFERENCE_COLOURS.size()));
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f},
                    0f));
            g.draw(new java.awt.geom.Line2D.Double(axes.px(0), y, axes.px(categories.size()), y));
        }
        List<String> names = series.stream().map(Bars::name).toList();
        text(g, () -> {
            axes.drawLabels(g, title, null, yLabel, categories);
            if (series.size() > 1) {
                legend(g, names);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            // Labels of lines close together are moved apart, the lower one down.
            double[] at = new double[drawn.size()];
            Integer[] order = new Integer[drawn.size()];
            for (int r = 0; r < drawn.size(); r++) {
                at[r] = axes.py(drawn.get(r).value()) + 4;
                order[r] = r;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(r -> at[r]));
            for (int k = 1; k < order.length; k++) {
                at[order[k]] = Math.max(at[order[k]], at[order[k - 1]] + 14);
            }
            for (int r = 0; r < drawn.size(); r++) {
                g.setColor(REFERENCE_COLOURS.get(r % REFERENCE_COLOURS.size()));
                g.drawString(drawn.get(r).label(), (float) axes.px(categories.size()) + 8, (float) at[r]);
            }
        });
        g.dispose();
        return image;
    }

    /** Writes {@code image} to {@code file} as a PNG, atomically. */
    public static Path write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
            ImageIO.write(image, "png", partial.toFile());
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage canvas() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        return image;
    }

    private static void legend(Graphics2D g, List<String> names) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = WIDTH - RIGHT + 16;
        for (int i = 0; i < names.size(); i++) {
            int y = TOP + 10 + i * 20;
            g.setColor(colour(i));
            g.fillRect(x, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 20, y);
        }
    }

    private static void text(Graphics2D g, Runnable drawing) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            drawing.run();
        } catch (RuntimeException | Error e) {
            // A machine without fonts still gets the shapes; the figures are in the tables.
        }
    }

    /** Data-to-pixel mapping of a plot area, with "nice" tick values. */
    private record Axes(double xMin, double xMax, double yMin, double yMax, double yStep, boolean categorical) {

        static Axes of(double xMin, double xMax, double yMin, double yMax, boolean categorical) {
            if (!(xMax > xMin)) {
                xMax = xMin + 1;
            }
            if (!(yMax > yMin)) {
                double pad = Math.abs(yMin) * 0.05 + 1e-3;
                yMin -= pad;
                yMax += pad;
            }
            double step = niceStep((yMax - yMin) / 6);
            double low = categorical ? 0 : Math.floor(yMin / step) * step;
            double high = Math.ceil(yMax / step) * step;
            return new Axes(xMin, xMax, low, high, step, categorical);
        }

        static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double fraction = raw / magnitude;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
            return nice * magnitude;
        }

        double px(double x) {
            return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
        }

        void drawGrid(Graphics2D g) {
            g.setColor(new Color(225, 225, 225));
            for (double y = yMin; y <= yMax + yStep / 2; y += yStep) {
                g.draw(new java.awt.geom.Line2D.Double(px(xMin), py(y), px(xMax), py(y)));
            }
            g.setColor(Color.DARK_GRAY);
            g.draw(new java.awt.geom.Line2D.Double(px(xMin), py(yMin), px(xMax), py(yMin)));
            g.draw(new java.awt.geom.Line2D.Double(px(xMin), py(yMin), px(xMin), py(yMax)));
        }

        void drawLabels(Graphics2D g, String title, String xLabel, String yLabel, List<String> categories) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, TOP - 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics metrics = g.getFontMetrics();
            for (double y = yMin; y <= yMax + yStep / 2; y += yStep) {
                String label = format(y, yStep);
                g.drawString(label, LEFT - 8 - metrics.stringWidth(label), (float) py(y) + 4);
            }
            int bottom = HEIGHT - BOTTOM;
            if (categories != null) {
                for (int c = 0; c < categories.size(); c++) {
                    String label = categories.get(c);
                    double middle = (px(c) + px(c + 1)) / 2;
                    g.drawString(label, (float) (middle - metrics.stringWidth(label) / 2.0), bottom + 18);
                }
            } else {
                double xStep = niceStep((xMax - xMin) / 8);
                for (double x = Math.ceil(xMin / xStep) * xStep; x <= xMax + 1e-9; x += xStep) {
                    String label = format(x, xStep);
                    g.drawString(label, (float) (px(x) - metrics.stringWidth(label) / 2.0), bottom + 18);
                }
            }
            if (xLabel != null) {
                g.drawString(xLabel, (float) ((px(xMin) + px(xMax)) / 2 - metrics.stringWidth(xLabel) / 2.0),
                        bottom + 42);
            }
            if (yLabel != null) {
                Graphics2D rotated = (Graphics2D) g.create();
                rotated.rotate(-Math.PI / 2);
                rotated.drawString(yLabel, -(float) ((py(yMin) + py(yMax)) / 2 + metrics.stringWidth(yLabel) / 2.0), 20);
                rotated.dispose();
            }
        }

        /** Formats a tick value with as many decimals as the tick step has. */
        static String format(double value, double step) {
            int decimals = 0;
            while (decimals < 6 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                    > 1e-6 * Math.pow(10, decimals)) {
                decimals++;
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }
}
