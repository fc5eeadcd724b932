package dev.berth.builder.dockerfile;

/**
 * A here-document of a RUN, COPY or ADD instruction.
 *
 * @param name    the delimiter word, unquoted
 * @param content the body, each line ending in a newline (leading tabs removed when {@code chomp})
 * @param expand  whether variables in the body are expanded (the delimiter was not quoted)
 * @param chomp   whether the marker was {@code <<-}
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
}
