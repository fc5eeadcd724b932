package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import java.util.regex.Pattern;

/**
 * Repositories named by a glob: {@code *} stands for any part of one path segment, {@code **} for any run of
 * segments, so {@code team/*} covers {@code team/app} but not {@code team/app/web}, which {@code team/**} covers.
 */
public final class RepositoryPattern {

    private final String glob;
    private final Pattern regex;

    private RepositoryPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    public static RepositoryPattern of(String glob) {
        if (glob == null || glob.isBlank() || glob.contains("***")) {
            throw new IllegalArgumentException("invalid repository pattern '" + glob + "': use names with * for "
                    + "part of one path segment and ** for any number of segments, such as team/** or */web");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean wholeSegments = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(wholeSegments ? "(?:.*/)?" : ".*");   // team/**/web also covers team/web
                i += wholeSegments ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new RepositoryPattern(glob, Pattern.compile(regex.toString()));
    }

    public boolean matches(RepositoryName repository) {
        return regex.matcher(repository.value()).matches();
    }

    public String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RepositoryPattern pattern && pattern.glob.equals(glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
