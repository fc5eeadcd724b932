package dev.berth.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTest {

    private static final List<String> ALL = List.of("a", "b", "c", "d", "e");

    @Test
    void withoutN_everythingAfterLastIsReturned() {
        assertEquals(List.of("c", "d", "e"), Page.of(ALL, Optional.empty(), Optional.of("b")).entries());
    }

    @Test
    void withN_thePageEndsWithANextMarker() {
        Page page = Page.of(ALL, Optional.of(2), Optional.empty());
        assertEquals(List.of("a", "b"), page.entries());
        assertEquals(Optional.of("b"), page.next());
        assertEquals("</v2/x/tags/list?n=2&last=b>; rel=\"next\"", page.nextLink("/v2/x/tags/list", 2));
    }

    @Test
    void lastPage_hasNoNextMarker() {
        assertEquals(Optional.empty(), Page.of(ALL, Optional.of(2), Optional.of("c")).next());
    }

    @Test
    void nZero_isEmptyWithoutNextMarker() {
        Page page = Page.of(ALL, Optional.of(0), Optional.empty());
        assertEquals(List.of(), page.entries());
        assertEquals(Optional.empty(), page.next());
    }
}
