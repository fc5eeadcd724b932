package dev.berth.registry.http;

import java.util.List;
import java.util.Optional;

/**
 * One page of a lexically sorted listing, as the tags and catalog endpoints page: entries after {@code last}, at most
 * {@code n} of them, and the marker of the next page if more remain.
 */
public record Page(List<String> entries, Optional<String> next) {

    public static Page of(List<String> sorted, Optional<Integer> n, Optional<String> last) {
        List<String> after = last.map(marker -> sorted.stream().filter(entry -> entry.compareTo(marker) > 0).toList())
                .orElse(sorted);
        if (n.isEmpty() || after.size() <= n.get()) {
            return new Page(after, Optional.empty());
        }
        List<String> page = after.subList(0, n.get());
        return new Page(page, page.isEmpty() ? Optional.empty() : Optional.of(page.getLast()));
    }

    /** The {@code Link} header value pointing at the next page of {@code path}. */
    public String nextLink(String path, int n) {
        return "<" + path + "?n=" + n + "&last=" + java.net.URLEncoder.encode(next.orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8) + ">; rel=\"next\"";
    }
}
