package dev.berth.registry.ui.html;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.flag;
import static dev.berth.registry.ui.html.Html.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void text_isEscapedForContentAndAttributesAlike() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", Html.text("<script>&\"'").markup());
        assertEquals("<a href=\"/x?a=1&amp;b=&quot;&gt;\">&lt;b&gt;</a>",
                el("a", attr("href", "/x?a=1&b=\">"), "<b>").markup());
    }

    @Test
    void elements_nest_andTheirChildrenMayBeLists_orNothing() {
        assertEquals("<ul><li>a</li><li>b</li></ul>", el("ul", List.of(el("li", "a"), el("li", "b")), null)
                .markup());
        assertEquals("<p>x<br>y</p>", el("p", join("x", el("br"), "y")).markup());
    }

    @Test
    void booleanAndMissingAttributes() {
        assertEquals("<input required>", el("input", flag("required", true), flag("disabled", false),
                attr("value", null)).markup());
    }

    @Test
    void markupCannotBeMadeFromNames_orAttributesPutAfterContent() {
        assertThrows(IllegalArgumentException.class, () -> el("script onload=x"));
        assertThrows(IllegalArgumentException.class, () -> attr("on click", "x"));
        assertThrows(IllegalArgumentException.class, () -> el("p", "text", attr("class", "late")));
        assertThrows(IllegalArgumentException.class, () -> el("p", 42));
        assertThrows(IllegalArgumentException.class, () -> el("br", "content"));
    }
}
