package io.lectern.packager.dash.internal;

/** Just enough of an XML writer for an MPD: elements, escaped attributes, indentation. */
final class Xml {

    private final StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private int depth;

    Xml open(String name) {
        b.append("  ".repeat(depth)).append('<').append(name);
        return this;
    }

    Xml attr(String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        b.append('"');
        return this;
    }

    /** Ends the start tag of an element that has children. */
    Xml end() {
        b.append(">\n");
        depth++;
        return this;
    }

    /** Ends an element without children. */
    Xml empty() {
        b.append("/>\n");
        return this;
    }

    Xml close(String name) {
        depth--;
        b.append("  ".repeat(depth)).append("</").append(name).append(">\n");
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
