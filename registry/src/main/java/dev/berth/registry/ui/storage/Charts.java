package dev.berth.registry.ui.storage;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;

import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import java.util.ArrayList;
import java.util.List;

/** Bar charts drawn as SVG on the server: no script, nothing loaded, and readable by screen readers through titles. */
final class Charts {

    private static final int WIDTH = 900;

    private Charts() {
    }

    /** A bar of a chart: its label and its value, in bytes. */
    record Bar(String label, long bytes) {
    }

    /** One bar per row, longest first, each labelled with its name and size. */
    static Html horizontal(String description, List<Bar> bars) {
        int row = 22;
        int labels = 300;
        long largest = Math.max(1, bars.stream().mapToLong(Bar::bytes).max().orElse(1));
        List<Html> shapes = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * row;
            long width = Math.max(1, Math.round((WIDTH - labels - 90) * (double) bar.bytes() / largest));
            shapes.add(el("g", el("title", bar.label() + ": " + Format.bytes(bar.bytes())),
                    el("text", cls("label"), attr("x", "0"), attr("y", Integer.toString(y + 15)), shorten(bar.label())),
                    el("rect", cls("bar"), attr("x", Integer.toString(labels)), attr("y", Integer.toString(y + 3)),
                            attr("width", Long.toString(width)), attr("height", Integer.toString(row - 6))),
                    el("text", attr("x", Long.toString(labels + width + 6)), attr("y", Integer.toString(y + 15)),
                            Format.bytes(bar.bytes()))));
        }
        return el("div", cls("chart"), el("svg", attr("viewBox", "0 0 " + WIDTH + " " + Math.max(row,
                bars.size() * row)), attr("role", "img"), attr("aria-label", description), shapes));
    }

    /**
     * One column per day: what was stored (a blue bar) and what garbage collection reclaimed (a green one beside it).
     */
    static Html daily(String description, List<String> days, List<Long> stored, List<Long> reclaimed) {
        int height = 180;
        int bottom = height - 24;
        int column = (WIDTH - 60) / Math.max(1, days.size());
        long largest = Math.max(1, Math.max(stored.stream().mapToLong(Long::longValue).max().orElse(1),
                reclaimed.stream().mapToLong(Long::longValue).max().orElse(1)));
        List<Html> shapes = new ArrayList<>();
        shapes.add(el("text", attr("x", "0"), attr("y", "12"), Format.bytes(largest)));
        for (int i = 0; i < days.size(); i++) {
            int x = 60 + i * column;
            long storedHeight = Math.round((bottom - 20) * (double) stored.get(i) / largest);
            long reclaimedHeight = Math.round((bottom - 20) * (double) reclaimed.get(i) / largest);
            int half = Math.max(1, column / 2 - 1);
            shapes.add(el("g", el("title", days.get(i) + ": " + Format.bytes(stored.get(i)) + " stored, "
                            + Format.bytes(reclaimed.get(i)) + " reclaimed"),
                    el("rect", cls("bar"), attr("x", Integer.toString(x)), attr("y", Long.toString(bottom
                            - storedHeight)), attr("width", Integer.toString(half)),
                            attr("height", Long.toString(storedHeight))),
                    el("rect", cls("reclaimed"), attr("x", Integer.toString(x + half)), attr("y", Long.toString(bottom
                            - reclaimedHeight)), attr("width", Integer.toString(half)),
                            attr("height", Long.toString(reclaimedHeight))),
                    (days.size() - 1 - i) % 7 == 0 ? el("text", attr("x", Integer.toString(x)),
                            attr("y", Integer.toString(height - 6)), days.get(i).substring(5)) : null));
        }
        return el("div", cls("chart"), el("svg", attr("viewBox", "0 0 " + WIDTH + " " + height), attr("role", "img"),
                attr("aria-label", description), shapes));
    }

    private static String shorten(String label) {
        return label.length() <= 44 ? label : "…" + label.substring(label.length() - 43);
    }
}
