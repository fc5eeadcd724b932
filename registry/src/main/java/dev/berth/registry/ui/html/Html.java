package dev.berth.registry.ui.html;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fragment of HTML that is safe by construction: every string that goes in is escaped, as text or as an attribute
 * value, and markup only comes from elements built here with names written in the code. Repository names, tags,
 * labels and annotations are pushed by anyone who may push, so no page ever concatenates them into markup itself.
 *
 * <p>Children of {@link #el} are {@link Html}, {@link Attribute}s (which must come before any child), strings (text),
 * {@link Iterable}s of those, or null (nothing).
 */
public record Html(String markup) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /** Attribute names, in the case SVG gives some of them ({@code viewBox}). */
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]*");
    /** Elements that have no content and no end tag. */
    private static final Set<String> VOID = Set.of("br", "hr", "img", "input", "link", "meta");

    public static final Html EMPTY = new Html("");

    /** An attribute of an element: its value is escaped; a null value leaves the attribute out. */
    public record Attribute(String name, String value) {
        public Attribute {
            if (!ATTRIBUTE.matcher(name).matches()) {
                throw new IllegalArgumentException("not an attribute name: " + name);
            }
        }
    }

    /** Text, escaped. */
    public static Html text(String text) {
        return new Html(escape(text == null ? "" : text));
    }

    /** An element with the given attributes and children. */
    public static Html el(String name, Object... content) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an element name: " + name);
        }
        StringBuilder markup = new StringBuilder().append('<').append(name);
        StringBuilder children = new StringBuilder();
        for (Object part : content) {
            append(name, part, markup, children);
        }
        markup.append('>');
        if (VOID.contains(name)) {
            if (!children.isEmpty()) {
                throw new IllegalArgumentException("<" + name + "> has no content");
            }
            return new Html(markup.toString());
        }
        return new Html(markup.append(children).append("</").append(name).append('>').toString());
    }

    /** Fragments one after the other. */
    public static Html join(Object... parts) {
        StringBuilder markup = new StringBuilder();
        for (Object part : parts) {
            append(null, part, null, markup);
        }
        return new Html(markup.toString());
    }

    public static Attribute attr(String name, String value) {
        return new Attribute(name, value);
    }

    /** A boolean attribute ({@code disabled}, {@code required}): present when {@code on}. */
    public static Attribute flag(String name, boolean on) {
        return new Attribute(name, on ? "" : null);
    }

    public static Attribute cls(String names) {
        return new Attribute("class", names);
    }

    private static void append(String element, Object part, StringBuilder attributes, StringBuilder children) {
        switch (part) {
            case null -> { }
            case Html html -> children.append(html.markup);
            case String text -> children.append(escape(text));
            case Attribute attribute -> {
                if (attributes == null || !children.isEmpty()) {
                    throw new IllegalArgumentException("attribute " + attribute.name() + " after the content of <"
                            + element + ">");
                }
                if (attribute.value() != null) {
                    attributes.append(' ').append(attribute.name());
                    if (!attribute.value().isEmpty()) {
                        attributes.append("=\"").append(escape(attribute.value())).append('"');
                    }
                }
            }
            case Iterable<?> parts -> parts.forEach(each -> append(element, each, attributes, children));
            default -> throw new IllegalArgumentException("cannot put a " + part.getClass().getSimpleName()
                    + " in HTML; turn it into text first");
        }
    }

    /** Escapes text for element content and quoted attribute values alike. */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (replacement != null) {
                escaped.append(replacement);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    @Override
    public String toString() {
        return markup;
    }
}
