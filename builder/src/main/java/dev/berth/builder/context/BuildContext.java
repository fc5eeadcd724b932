package dev.berth.builder.context;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The directory a build reads COPY and ADD sources from, less what {@code .dockerignore} excludes. No source may
 * resolve outside it, through {@code ..} or through a symlink.
 */
public final class BuildContext {

    private final Path root;
    private final Path realRoot;
    private final DockerIgnore ignore;
    private final boolean rootfs;

    private BuildContext(Path root, DockerIgnore ignore, boolean rootfs) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.ignore = ignore;
        this.rootfs = rootfs;
    }

    /**
     * An image's extracted filesystem as a source of COPY --from: nothing is ignored, and symlinks resolve inside it
     * as they would in a container.
     */
    public static BuildContext ofRootfs(Path root) throws IOException {
        return new BuildContext(root, DockerIgnore.none(), true);
    }

    /**
     * Opens the context, with the ignore file {@code <Dockerfile>.dockerignore} beside the Dockerfile if there is
     * one, else {@code .dockerignore} at the context root.
     */
    public static BuildContext open(Path root, Path dockerfile) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("build context " + root + " is not a directory");
        }
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path general = root.resolve(".dockerignore");
        Path ignoreFile = Files.isRegularFile(specific) ? specific : general;
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile))
                : DockerIgnore.none();
        return new BuildContext(root, ignore, false);
    }

    public Path root() {
        return root;
    }

    /**
     * The context paths a source names: the path itself, or every path its wildcards match, in lexical order.
     * {@code ""} names the context root.
     */
    public List<String> match(String source) throws ContextException, IOException {
        String cleaned = clean(source);
        List<String> matches = new ArrayList<>();
        if (cleaned.contains("**")) {
            collectRecursive(cleaned, matches);
        } else if (!GoGlob.hasWildcard(cleaned)) {
            if (cleaned.isEmpty() || (exists(cleaned) && !ignore.excludes(cleaned))) {
                matches.add(cleaned);
            }
        } else {
            collect("", cleaned.split("/"), 0, matches);
        }
        if (matches.isEmpty()) {
            throw new ContextException("'" + source + "' is not in the build context"
                    + (cleaned.isEmpty() ? "" : " (or .dockerignore excludes it)"));
        }
        if (!rootfs) {
            for (String match : matches) {
                requireInside(match, source);
            }
        }
        return matches;
    }

    /** The path of a context path, as is (links not followed). */
    public Path file(String relative) {
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    /** The file a matched source names, its symlinks followed (inside the root, for an image filesystem). */
    public Path resolve(String match) throws IOException {
        return rootfs ? dev.berth.builder.image.RootfsExtractor.resolveInside(realRoot, match, true)
                : file(match).toRealPath();
    }

    /**
     * Every included path below a matched source directory, relative to it, parents before children, names in
     * byte order.
     */
    public List<String> walk(String match) throws IOException {
        List<String> found = new ArrayList<>();
        walkInto(resolve(match), match, "", found);
        return found;
    }

    private void walkInto(Path directory, String match, String relative, List<String> found) throws IOException {
        for (String name : sortedNames(directory)) {
            String child = relative.isEmpty() ? name : relative + "/" + name;
            String contextPath = match.isEmpty() ? child : match + "/" + child;
            boolean excluded = ignore.excludes(contextPath);
            Path file = directory.resolve(name);
            if (!excluded) {
                found.add(child);
            }
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) && (!excluded || ignore.hasExceptions())) {
                walkInto(file, match, child, found);
            }
        }
    }

    private void collect(String prefix, String[] parts, int index, List<String> matches) throws IOException {
        if (index == parts.length) {
            if (!ignore.excludes(prefix)) {
                matches.add(prefix);
            }
            return;
        }
        String part = parts[index];
        if (!GoGlob.hasWildcard(part)) {
            String next = prefix.isEmpty() ? unescape(part) : prefix + "/" + unescape(part);
            if (exists(next)) {
                collect(next, parts, index + 1, matches);
            }
            return;
        }
        Path directory = file(prefix);
        if (!Files.isDirectory(directory)) {
            return;
        }
        Pattern pattern = GoGlob.compile(part);
        for (String name : sortedNames(directory)) {
            if (pattern.matcher(name).matches()) {
                collect(prefix.isEmpty() ? name : prefix + "/" + name, parts, index + 1, matches);
            }
        }
    }

    /** Matches a pattern with {@code **} against every included path below its literal prefix. */
    private void collectRecursive(String pattern, List<String> matches) throws IOException {
        String[] parts = pattern.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (GoGlob.hasWildcard(part)) {
                break;
            }
            prefix.append(prefix.isEmpty() ? "" : "/").append(part);
        }
        if (!exists(prefix.toString()) || !Files.isDirectory(file(prefix.toString()))) {
            return;
        }
        StringBuilder regex = new StringBuilder("^");
        GoGlob.appendTo(regex, pattern, true);
        Pattern compiled = Pattern.compile(regex.append('$').toString());
        for (String relative : walk(prefix.toString())) {
            String path = prefix.isEmpty() ? relative : prefix + "/" + relative;
            if (compiled.matcher(path).matches() && !Files.isDirectory(file(path), LinkOption.NOFOLLOW_LINKS)) {
                matches.add(path);
            }
        }
    }

    private static List<String> sortedNames(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    private boolean exists(String relative) {
        return Files.exists(file(relative), LinkOption.NOFOLLOW_LINKS);
    }

    private void requireInside(String match, String source) throws ContextException, IOException {
        Path real = file(match).toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new ContextException("'" + source + "' resolves to " + real
                    + ", outside the build context (through a symlink); copy the target into the context instead");
        }
    }

    /** The source relative to the context root, refused when {@code ..} would leave the context. */
    private static String clean(String source) throws ContextException {
        String relative = source.replaceFirst("^/+", "");
        Path normalized = Path.of(relative.isEmpty() ? "." : relative).normalize();
        String text = normalized.toString();
        if (text.equals("..") || text.startsWith("../")) {
            throw new ContextException("'" + source + "' points outside the build context (through ..); "
                    + "sources must be inside the context directory");
        }
        return text.equals(".") ? "" : text;
    }

    private static String unescape(String part) {
        return part.replaceAll("\\\\(.)", "$1");
    }
}
