package dev.berth.builder.build;

import dev.berth.builder.cache.BuildCache;
import dev.berth.builder.cache.CacheEntry;
import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.cache.SourceHasher;
import dev.berth.builder.context.BuildContext;
import dev.berth.builder.context.ContextException;
import dev.berth.builder.context.DockerIgnore;
import dev.berth.builder.copy.Archives;
import dev.berth.builder.copy.CopyException;
import dev.berth.builder.copy.CopyPlanner;
import dev.berth.builder.copy.Download;
import dev.berth.builder.copy.ModeSpec;
import dev.berth.builder.copy.Owner;
import dev.berth.builder.copy.UrlGuard;
import dev.berth.builder.dockerfile.Heredoc;
import dev.berth.builder.image.ImageFiles;
import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.instruction.CopyOptions;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import dev.berth.builder.layer.LayerWriter;
import dev.berth.builder.substitution.ShellLex;
import dev.berth.builder.substitution.SubstitutionException;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * COPY and ADD from the build context or here-documents: the cache key from the expanded instruction and the
 * sources' content (paths, modes, bytes; not times), and on a miss the layer itself.
 */
final class CopyStep {

    /** What a source's summary needs of each file, read in one stat: its type, and what its digest needs. */
    private static final String SOURCE_ATTRIBUTES = SourceHasher.ATTRIBUTES + ",isSymbolicLink,isRegularFile";

    private final ShellLex lex;
    private final BuildContext context;
    private final SourceHasher hasher;
    private final LayerWriter writer;
    private final BuildCache cache;
    private final BuildSettings settings;
    private final Path scratch;

    CopyStep(ShellLex lex, BuildContext context, SourceHasher hasher, LayerWriter writer, BuildCache cache,
             BuildSettings settings, Path scratch) {
        this.lex = lex;
        this.context = context;
        this.hasher = hasher;
        this.writer = writer;
        this.cache = cache;
        this.settings = settings;
        this.scratch = scratch;
    }

    /** What a COPY or RUN step did, and when its layer was made (before this build, when cached). */
    record Outcome(CacheKey key, boolean cached, String history, java.time.Instant created) {
    }

    /** A COPY or ADD with its words expanded in the stage's environment. */
    private record Expanded(Instruction.Copy copy, List<String> sources, String destination, String chown,
                            String chmod, String checksum, String from, List<Heredoc> heredocs, String history) {
    }

    Outcome run(Instruction.Copy copy, StageState state, CacheKey parent, ImageFilesProvider files,
                SourceImages images) throws BuildException, IOException {
        Path spool = scratch.resolve("spool-" + java.util.UUID.randomUUID());
        try {
            Expanded step = expand(copy, state);
            Map<String, Download> downloads = new java.util.LinkedHashMap<>();
            for (String source : step.sources()) {
                if (copy.add() && Download.isUrl(source) && step.checksum() == null) {
                    downloads.put(source, Download.fetch(source, null, spool, urlGuard()));
                }
            }
            SourceImages.Source origin = step.from() == null ? null : images.source(step.from(), copy.location());
            String content = origin != null ? "from " + origin.identity()
                    : contentDigest(step, state.expansionEnv(), downloads).toString();
            CacheKey key = parent.then(step.history(), step.destination(), content);
            Optional<CacheEntry> hit = settings.noCache() ? Optional.empty() : cache.find(key);
            if (hit.isPresent()) {
                state.layers.add(hit.get().layer());
                return new Outcome(key, true, step.history(), hit.get().created());
            }
            ImageFiles image = files.current(state);
            List<LayerEntry> entries = plan(step, state, image, origin, downloads, spool);
            Layer layer = writer.write(entries, settings.compression(), settings.sourceDateEpoch());
            cache.put(new CacheEntry(key, layer, settings.started()));
            state.layers.add(layer);
            image.addLayer(layer, entries);
            return new Outcome(key, false, step.history(), settings.started());
        } catch (SubstitutionException | CopyException | ContextException e) {
            throw new BuildException(copy.location(), e.getMessage());
        } finally {
            RootfsExtractor.deleteTree(spool);
        }
    }

    /** ADD reaches the build host's own addresses only with --allow-host-loopback. */
    private UrlGuard urlGuard() {
        return settings.hostLoopback() ? UrlGuard.allowAll() : UrlGuard.refuseHostAddresses();
    }

    private Expanded expand(Instruction.Copy copy, StageState state) throws SubstitutionException, CopyException {
        Map<String, String> env = state.expansionEnv();
        List<String> sources = new ArrayList<>();
        for (String source : copy.sources()) {
            String expanded = lex.processWord(source, env);
            if (copy.add() && Download.isGit(expanded)) {
                throw new CopyException("ADD of a Git repository (" + expanded + ") is not supported; clone it into "
                        + "the build context and COPY it");
            }
            sources.add(expanded);
        }
        String rawDestination = lex.processWord(copy.destination(), env);
        CopyOptions options = copy.options();
        String chown = options.chown() == null ? null : lex.processWord(options.chown(), env);
        String chmod = options.chmod() == null ? null : lex.processWord(options.chmod(), env);
        String checksum = options.checksum() == null ? null : lex.processWord(options.checksum(), env);
        String from = options.from() == null ? null : lex.processWord(options.from(), env);
        String history = (copy.add() ? "ADD " : "COPY ") + (chown == null ? "" : "--chown=" + chown + " ")
                + (chmod == null ? "" : "--chmod=" + chmod + " ") + (options.parents() ? "--parents " : "")
                + options.excludes().stream().map(e -> "--exclude=" + e + " ").reduce("", String::concat)
                + String.join(" ", sources) + " " + rawDestination;
        return new Expanded(copy, sources, absolute(rawDestination, state), chown, chmod, checksum, from,
                heredocsNamed(copy, sources), history);
    }

    /** The layer entries of a step that missed the cache. */
    private List<LayerEntry> plan(Expanded step, StageState state, ImageFiles image, SourceImages.Source origin,
                                  Map<String, Download> downloads, Path spool)
            throws IOException, CopyException, ContextException, SubstitutionException, BuildException {
        Owner owner = step.chown() == null ? Owner.ROOT : Owner.resolve(step.chown(), image);
        CopyPlanner planner = new CopyPlanner(image, owner, step.chmod() == null ? null
                : ModeSpec.parse(step.chmod()));
        CopyOptions options = step.copy().options();
        List<String> treeSources = new ArrayList<>();
        for (String source : step.sources()) {
            Heredoc heredoc = heredocOf(step, source);
            if (step.copy().add() && Download.isUrl(source)) {
                Download download = downloads.containsKey(source) ? downloads.get(source)
                        : Download.fetch(source, step.checksum(), spool, urlGuard());
                if (Boolean.TRUE.equals(options.unpack()) && Archives.isTar(download.file())) {
                    planner.unpackArchive(download.file(), asDirectory(step.destination()), spool, step.chown() != null);
                } else {
                    planner.copyDownload(download.file(), download.name(), step.destination(), download.modified());
                }
            } else if (heredoc != null) {
                planner.copyHeredoc(heredoc, heredocContent(heredoc, state.expansionEnv()), step.destination());
            } else {
                treeSources.add(source);
            }
        }
        if (!treeSources.isEmpty()) {
            BuildContext tree = origin == null ? context : BuildContext.ofRootfs(origin.rootfs().get());
            boolean unpack = step.copy().add() && !Boolean.FALSE.equals(options.unpack());
            planner.copyFromContext(tree, treeSources, step.destination(), new CopyPlanner.TreeOptions(
                    options.parents(), DockerIgnore.of(expandAll(options.excludes(), state.expansionEnv())),
                    unpack ? Files.createDirectories(spool) : null, step.chown() != null, origin != null));
        }
        return planner.entries();
    }

    private List<String> expandAll(List<String> words, Map<String, String> env) throws SubstitutionException {
        List<String> expanded = new ArrayList<>();
        for (String word : words) {
            expanded.add(lex.processWord(word, env));
        }
        return expanded;
    }

    private static Heredoc heredocOf(Expanded step, String source) {
        return step.heredocs().stream().filter(h -> source.equals("<<" + h.name()) || source.equals("<<-" + h.name()))
                .findFirst().orElse(null);
    }

    private static String asDirectory(String destination) {
        return destination.endsWith("/") ? destination : destination + "/";
    }

    /**
     * The absolute destination; a relative one is under WORKDIR. A destination that names a directory ({@code /} at
     * the end, or {@code .} or {@code ..} as the last component) ends with {@code /}.
     */
    private static String absolute(String destination, StageState state) {
        String base = state.workdirOrRoot();
        String path = destination.startsWith("/") ? destination
                : (base.endsWith("/") ? base : base + "/") + destination;
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean directory = path.endsWith("/") || last.equals(".") || last.equals("..");
        String cleaned = "/" + dev.berth.builder.image.ImageFiles.clean(path);
        return directory && !cleaned.endsWith("/") ? cleaned + "/" : cleaned;
    }

    private static List<Heredoc> heredocsNamed(Instruction.Copy copy, List<String> sources) {
        return copy.heredocs().stream().filter(h -> sources.contains("<<" + h.name())
                || sources.contains("<<-" + h.name())).toList();
    }

    private String heredocContent(Heredoc heredoc, Map<String, String> env) throws SubstitutionException {
        return heredoc.expand() ? lex.processHeredoc(heredoc.content(), env) : heredoc.content();
    }

    /** A digest of everything the sources contribute: names, types, modes, sizes, bytes and link targets. */
    private Digest contentDigest(Expanded step, Map<String, String> env, Map<String, Download> downloads)
            throws IOException, ContextException, SubstitutionException {
        StringBuilder summary = new StringBuilder();
        for (String source : step.sources()) {
            if (step.copy().add() && Download.isUrl(source)) {
                summary.append("url ").append(source).append(' ')
                        .append(step.checksum() != null ? step.checksum() : downloads.get(source).digest())
                        .append('\n');
                continue;
            }
            Heredoc heredoc = heredocOf(step, source);
            if (heredoc != null) {
                summary.append("heredoc ").append(heredocContent(heredoc, env)).append('\n');
                continue;
            }
            for (String match : context.match(source)) {
                Path file = context.resolve(match);
                describe(match, file, summary);
                if (Files.isDirectory(file)) {
                    for (String child : context.walk(match)) {
                        describe(match + "/" + child, file.resolve(child), summary);
                    }
                }
            }
        }
        return Digest.sha256(summary.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void describe(String relative, Path file, StringBuilder summary) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(file, SOURCE_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        summary.append(relative).append(' ').append(Integer.toOctalString((Integer) attributes.get("mode")));
        if ((Boolean) attributes.get("isSymbolicLink")) {
            summary.append(" -> ").append(Files.readSymbolicLink(file));
        } else if ((Boolean) attributes.get("isRegularFile")) {
            summary.append(' ').append(attributes.get("size")).append(' ').append(hasher.digest(file, attributes));
        }
        summary.append('\n');
    }

    /** The images COPY --from reads: earlier stages, or images by name. */
    interface SourceImages {
        /** A source image: what identifies its content for the cache, and its filesystem, extracted on demand. */
        record Source(String identity, RootfsSupplier rootfs) {
        }

        interface RootfsSupplier {
            Path get() throws IOException, BuildException;
        }

        Source source(String from, dev.berth.builder.instruction.Location at) throws BuildException, IOException;
    }

    /** Gives the index of the stage's current filesystem, building it only when a step needs it. */
    interface ImageFilesProvider {
        ImageFiles current(StageState state) throws IOException;
    }
}
