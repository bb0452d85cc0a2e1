package dev.openloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a flame graph as a static SVG from collapsed stacks (one {@code frame;frame;...;leaf COUNT}
 * a line, as async-profiler's converter writes them with {@code -o collapsed}).
 *
 * <p>Written here because the converter's flame graphs are HTML pages that draw with JavaScript,
 * which do not show in a Markdown viewer or a code review, while the issue asks for SVG files kept
 * next to the documentation. Frames narrower than {@code --min-width} pixels are left out (their
 * samples still count in their parents), which keeps a graph of a busy server under a megabyte.
 * Each frame's tooltip gives its samples and share of the whole.
 *
 * <p>Usage: {@code FlameSvg --in STACKS.collapsed --out GRAPH.svg [--title T] [--subtitle S]
 * [--unit samples|bytes] [--min-width 1.0]}.
 */
public final class FlameSvg {
    private static final int WIDTH = 1200;
    private static final int FRAME_HEIGHT = 16;
    private static final int TOP = 50;
    private static final double CHAR_WIDTH = 6.6;

    /** A node of the call tree: a frame, the samples on and under it, its callees in first-seen order. */
    private static final class Frame {
        final String name;
        long total;
        final Map<String, Frame> children = new LinkedHashMap<>();

        Frame(String name) {
            this.name = name;
        }

        Frame child(String childName) {
            return children.computeIfAbsent(childName, Frame::new);
        }
    }

    private FlameSvg() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Args.parse(args);
        Frame root = read(Path.of(options.get("in")));
        String svg = draw(root, options.getOrDefault("title", "Flame graph"), options.getOrDefault("subtitle", ""),
                options.getOrDefault("unit", "samples"), Double.parseDouble(options.getOrDefault("min-width", "1.0")));
        Files.writeString(Path.of(options.get("out")), svg);
    }

    static Frame read(Path collapsed) throws IOException {
        Frame root = new Frame("all");
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            root.total += count;
            Frame frame = root;
            for (String name : line.substring(0, space).split(";")) {
                frame = frame.child(name);
                frame.total += count;
            }
        }
        return root;
    }

    static String draw(Frame root, String title, String subtitle, String unit, double minWidth) {
        int depth = depth(root, root.total, minWidth);
        int height = TOP + (depth + 1) * FRAME_HEIGHT + 10;
        StringBuilder svg = new StringBuilder(1 << 20);
        svg.append("<?xml version=\"1.0\" standalone=\"no\"?>\n")
                .append("<svg version=\"1.1\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Verdana,sans-serif\" font-size=\"11\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f4\"/>\n")
                .append("<text x=\"").append(WIDTH / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">")
                .append(escape(title)).append("</text>\n")
                .append("<text x=\"").append(WIDTH / 2).append("\" y=\"38\" text-anchor=\"middle\" fill=\"#555\">")
                .append(escape(subtitle)).append("</text>\n");
        // Drawn bottom-up: the root at the bottom, callees above their callers.
        frame(svg, root, root.total, 10, WIDTH - 20, height - 10 - FRAME_HEIGHT, unit, minWidth);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int depth(Frame frame, long total, double minWidth) {
        int deepest = 0;
        for (Frame child : frame.children.values()) {
            if (width(child, total) >= minWidth) {
                deepest = Math.max(deepest, 1 + depth(child, total, minWidth));
            }
        }
        return deepest;
    }

    private static double width(Frame frame, long total) {
        return (double) frame.total / total * (WIDTH - 20);
    }

    private static void frame(StringBuilder svg, Frame frame, long total, double x, double w, int y, String unit,
            double minWidth) {
        String label = display(frame.name);
        svg.append("<g><title>").append(escape(label)).append(" (")
                .append("%,d %s, %.2f %%".formatted(frame.total, unit, 100.0 * frame.total / total))
                .append(")</title><rect x=\"").append("%.1f".formatted(x)).append("\" y=\"").append(y)
                .append("\" width=\"").append("%.1f".formatted(Math.max(0.1, w - 0.5))).append("\" height=\"")
                .append(FRAME_HEIGHT - 1).append("\" fill=\"").append(colour(frame.name)).append("\" rx=\"2\"/>");
        int fits = (int) ((w - 6) / CHAR_WIDTH);
        if (fits >= 3) {
            String text = label.length() <= fits ? label : label.substring(0, fits - 2) + "..";
            svg.append("<text x=\"").append("%.1f".formatted(x + 3)).append("\" y=\"").append(y + FRAME_HEIGHT - 4)
                    .append("\">").append(escape(text)).append("</text>");
        }
        svg.append("</g>\n");
        double childX = x;
        List<Frame> children = new ArrayList<>(frame.children.values());
        children.sort((a, b) -> a.name.compareTo(b.name));
        for (Frame child : children) {
            double childWidth = width(child, total);
            if (childWidth >= minWidth) {
                frame(svg, child, total, childX, childWidth, y - FRAME_HEIGHT, unit, minWidth);
            }
            childX += childWidth;
        }
    }

    /** The frame's name without the converter's type suffix ({@code _[j]} compiled, {@code _[k]} kernel...). */
    private static String display(String name) {
        return name.matches(".*_\\[[a-z0-9]+]$") ? name.substring(0, name.lastIndexOf("_[")) : name;
    }

    /** OpenLoop's own code blue, other Java green, native code (the JVM, SQLite, libc) red, the kernel orange. */
    private static String colour(String name) {
        int hash = Math.abs(name.hashCode());
        int shade = hash % 40;
        if (name.endsWith("_[k]")) {
            return "rgb(%d,%d,%d)".formatted(230, 140 + shade, 40);
        }
        if (name.startsWith("dev.openloop") || name.startsWith("dev/openloop")) {
            return "rgb(%d,%d,%d)".formatted(90 + shade, 150 + shade, 230);
        }
        if (name.endsWith("_[j]") || name.endsWith("_[i]") || name.endsWith("_[0]") || name.endsWith("_[1]")
                || name.contains(".") && !name.contains(" ") || name.contains("/")) {
            return "rgb(%d,%d,%d)".formatted(60 + shade, 180 + shade / 2, 70);
        }
        return "rgb(%d,%d,%d)".formatted(220, 80 + shade, 70 + shade);
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c < 0x20 ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
