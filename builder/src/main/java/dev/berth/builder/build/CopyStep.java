package dev.berth.builder.build;

import dev.berth.builder.cache.BuildCache;
import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.cache.SourceHasher;
import dev.berth.builder.context.BuildContext;
import dev.berth.builder.context.ContextException;
import dev.berth.builder.copy.CopyException;
import dev.berth.builder.copy.CopyPlanner;
import dev.berth.builder.copy.ModeSpec;
import dev.berth.builder.copy.Owner;
import dev.berth.builder.dockerfile.Heredoc;
import dev.berth.builder.image.ImageFiles;
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

    private final ShellLex lex;
    private final BuildContext context;
    private final SourceHasher hasher;
    private final LayerWriter writer;
    private final BuildCache cache;
    private final BuildSettings settings;

    CopyStep(ShellLex lex, BuildContext context, SourceHasher hasher, LayerWriter writer, BuildCache cache,
             BuildSettings settings) {
        this.lex = lex;
        this.context = context;
        this.hasher = hasher;
        this.writer = writer;
        this.cache = cache;
        this.settings = settings;
    }

    /** What a COPY step did. */
    record Outcome(CacheKey key, boolean cached, String history) {
    }

    Outcome run(Instruction.Copy copy, StageState state, CacheKey parent, ImageFilesProvider files,
                SourceImages images) throws BuildException, IOException {
        try {
            Map<String, String> env = state.expansionEnv();
            List<String> sources = new ArrayList<>();
            for (String source : copy.sources()) {
                sources.add(lex.processWord(source, env));
            }
            String rawDestination = lex.processWord(copy.destination(), env);
            String destination = absolute(rawDestination, state);
            String chown = copy.options().chown() == null ? null : lex.processWord(copy.options().chown(), env);
            String chmod = copy.options().chmod() == null ? null : lex.processWord(copy.options().chmod(), env);
            List<Heredoc> heredocs = heredocsNamed(copy, sources);
            String history = (copy.add() ? "ADD " : "COPY ") + (chown == null ? "" : "--chown=" + chown + " ")
                    + (chmod == null ? "" : "--chmod=" + chmod + " ") + String.join(" ", sources) + " "
                    + rawDestination;
            String from = copy.options().from() == null ? null : lex.processWord(copy.options().from(), env);
            SourceImages.Source origin = from == null ? null : images.source(from, copy.location());
            String content = origin != null ? "from " + origin.identity()
                    : contentDigest(sources, heredocs, env).toString();
            CacheKey key = parent.then(history, destination, content);
            Optional<Layer> hit = settings.noCache() ? Optional.empty() : cache.find(key);
            if (hit.isPresent()) {
                state.layers.add(hit.get());
                return new Outcome(key, true, history);
            }
            ImageFiles image = files.current(state);
            Owner owner = chown == null ? Owner.ROOT : Owner.resolve(chown, image);
            CopyPlanner planner = new CopyPlanner(image, owner, chmod == null ? null : ModeSpec.parse(chmod));
            List<String> contextSources = new ArrayList<>();
            for (String source : sources) {
                Heredoc heredoc = heredocs.stream().filter(h -> source.equals("<<" + h.name())
                        || source.equals("<<-" + h.name())).findFirst().orElse(null);
                if (heredoc != null) {
                    planner.copyHeredoc(heredoc, heredocContent(heredoc, env), destination);
                } else {
                    contextSources.add(source);
                }
            }
            if (!contextSources.isEmpty()) {
                BuildContext tree = origin == null ? context : BuildContext.ofRootfs(origin.rootfs().get());
                planner.copyFromContext(tree, contextSources, destination);
            }
            List<LayerEntry> entries = planner.entries();
            Layer layer = writer.write(entries, settings.compression(), settings.sourceDateEpoch());
            cache.put(key, layer);
            state.layers.add(layer);
            image.addLayer(layer, entries);
            return new Outcome(key, false, history);
        } catch (SubstitutionException | CopyException | ContextException e) {
            throw new BuildException(copy.location(), e.getMessage());
        }
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
    private Digest contentDigest(List<String> sources, List<Heredoc> heredocs, Map<String, String> env)
            throws IOException, ContextException, SubstitutionException {
        StringBuilder summary = new StringBuilder();
        for (String source : sources) {
            Heredoc heredoc = heredocs.stream().filter(h -> source.endsWith(h.name())).findFirst().orElse(null);
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
        Map<String, Object> attributes = Files.readAttributes(file, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
        summary.append(relative).append(' ').append(Integer.toOctalString((Integer) attributes.get("mode")));
        if (Files.isSymbolicLink(file)) {
            summary.append(" -> ").append(Files.readSymbolicLink(file));
        } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            summary.append(' ').append(attributes.get("size")).append(' ').append(hasher.digest(file));
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
