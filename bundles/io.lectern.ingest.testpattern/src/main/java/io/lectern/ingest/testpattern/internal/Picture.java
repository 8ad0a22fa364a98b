package io.lectern.ingest.testpattern.internal;

import java.nio.ByteBuffer;

/**
 * Draws the test picture into a YUV420P buffer (Y plane, then U, then V): 75% colour bars, a white
 * box moving across the lower third, and, in a tiny block font, the UTC time of day the picture was
 * made ({@code HH:MM:SS:mmm}, to the millisecond) and the picture's number. The clock lets anyone
 * (and the browser tests, which read it back from the screen) see the delay from camera to viewer.
 */
final class Picture {

    /** BT.601 75% bars: white, yellow, cyan, green, magenta, red, blue, as Y, U, V. */
    private static final int[][] BARS = {
        {180, 128, 128}, {162, 44, 142}, {131, 156, 44}, {112, 72, 58}, {84, 184, 198}, {65, 100, 212}, {35, 212, 114}};
    /** 3x5 glyphs for 0-9 and ':', one bit per pixel, top row first. */
    private static final int[] GLYPHS = {
        0b111_101_101_101_111, 0b010_110_010_010_111, 0b111_001_111_100_111, 0b111_001_111_001_111, 0b101_101_111_001_001,
        0b111_100_111_001_111, 0b111_100_111_101_111, 0b111_001_010_010_010, 0b111_101_111_101_111, 0b111_101_111_001_111,
        0b000_010_000_010_000};

    private final int width;
    private final int height;
    private final int fps;
    private final ByteBuffer background;

    Picture(int width, int height, int fps) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.background = ByteBuffer.allocateDirect(size());
        paintBackground();
    }

    /** Bytes of one picture. */
    int size() {
        return width * height * 3 / 2;
    }

    private void paintBackground() {
        int cw = width / 2;
        int ch = height / 2;
        int barsEnd = height * 2 / 3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                background.put(y * width + x, (byte) (y < barsEnd ? BARS[x * BARS.length / width][0] : 16));
            }
        }
        int u = width * height;
        int v = u + cw * ch;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                boolean bar = y * 2 < barsEnd;
                int[] c = BARS[x * 2 * BARS.length / width];
                background.put(u + y * cw + x, (byte) (bar ? c[1] : 128));
                background.put(v + y * cw + x, (byte) (bar ? c[2] : 128));
            }
        }
    }

    /**
     * Paints picture number {@code n}, made at {@code wallMillis}, into {@code out} (at least
     * {@link #size()} bytes, position 0).
     */
    void paint(ByteBuffer out, long n, long wallMillis) {
        out.put(0, background, 0, size());
        int box = Math.max(2, height / 6) & ~1;
        int travel = width - box;
        long step = n * Math.max(1, width / (fps * 4)) % (2L * travel);
        int x = (int) (step < travel ? step : 2L * travel - step) & ~1;
        int top = (height * 2 / 3 + (height / 3 - box) / 2) & ~1;
        fillLuma(out, x, top, box, box, 235);

        long ms = Math.floorMod(wallMillis, 86_400_000L);
        long seconds = ms / 1000;
        String text = String.format("%02d:%02d:%02d:%03d  %d", seconds / 3600, seconds / 60 % 60, seconds % 60, ms % 1000, n);
        int scale = Math.max(2, height / 90);
        int margin = scale * 2;
        int bandWidth = Math.min(width, text.length() * 4 * scale + 2 * margin);
        int bandHeight = Math.min(height, 5 * scale + 2 * margin);
        fillLuma(out, 0, 0, bandWidth, bandHeight, 16);
        fillGrey(out, bandWidth, bandHeight);
        int cx = margin;
        for (char c : text.toCharArray()) {
            int g = c == ':' ? 10 : c >= '0' && c <= '9' ? c - '0' : -1;
            if (g >= 0) {
                glyph(out, GLYPHS[g], cx, margin, scale);
            }
            cx += 4 * scale;
        }
    }

    private void glyph(ByteBuffer out, int bits, int left, int top, int scale) {
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 3; col++) {
                if ((bits >> (14 - row * 3 - col) & 1) != 0) {
                    fillLuma(out, left + col * scale, top + row * scale, scale, scale, 235);
                }
            }
        }
    }

    /** Makes the top left {@code w} x {@code h} pixels colourless, so the text reads white on black. */
    private void fillGrey(ByteBuffer out, int w, int h) {
        int cw = width / 2;
        int u = width * height;
        int v = u + cw * (height / 2);
        for (int y = 0; y < (h + 1) / 2; y++) {
            for (int x = 0; x < (w + 1) / 2 && x < cw; x++) {
                out.put(u + y * cw + x, (byte) 128);
                out.put(v + y * cw + x, (byte) 128);
            }
        }
    }

    /** Fills a rectangle of the Y plane, clipped to the picture; the colour stays as it was. */
    private void fillLuma(ByteBuffer out, int left, int top, int w, int h, int luma) {
        int x0 = Math.max(0, left);
        int x1 = Math.min(width, left + w);
        for (int y = Math.max(0, top); y < Math.min(height, top + h); y++) {
            for (int x = x0; x < x1; x++) {
                out.put(y * width + x, (byte) luma);
            }
        }
    }
}
