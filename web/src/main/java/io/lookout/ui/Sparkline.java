package io.lookout.ui;

/** A small inline SVG polyline of hourly counts (oldest first); numbers only, nothing from events. */
public final class Sparkline {

    public static final int WIDTH = 120;
    public static final int HEIGHT = 24;

    private Sparkline() {}

    /** The {@code points} attribute of the polyline. */
    public static String points(long[] counts) {
        if (counts == null || counts.length == 0) {
            return "0," + HEIGHT + " " + WIDTH + "," + HEIGHT;
        }
        long max = 1;
        for (long count : counts) {
            max = Math.max(max, count);
        }
        StringBuilder points = new StringBuilder();
        double step = counts.length == 1 ? WIDTH : (double) WIDTH / (counts.length - 1);
        for (int i = 0; i < counts.length; i++) {
            double y = HEIGHT - 1 - (HEIGHT - 2) * (double) counts[i] / max;
            points.append(i == 0 ? "" : " ")
                    .append(Math.round(i * step * 10) / 10.0)
                    .append(',')
                    .append(Math.round(y * 10) / 10.0);
        }
        return points.toString();
    }

    public static long total(long[] counts) {
        long total = 0;
        if (counts != null) {
            for (long count : counts) {
                total += count;
            }
        }
        return total;
    }
}
