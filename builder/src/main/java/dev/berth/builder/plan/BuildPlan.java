package dev.berth.builder.plan;

import dev.berth.builder.dockerfile.Dockerfile;
import dev.berth.builder.dockerfile.Node;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.instruction.InstructionException;
import dev.berth.builder.instruction.InstructionParser;
import dev.berth.builder.instruction.KeyValue;
import dev.berth.builder.substitution.ShellLex;
import dev.berth.builder.substitution.SubstitutionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The stages of a Dockerfile as a graph: global ARGs, each stage with what it depends on, and the stages a target
 * needs, in an order where every stage comes after its dependencies.
 */
public record BuildPlan(List<Instruction.Arg> globalArgs, Map<String, String> metaArgs, List<Stage> stages) {

    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");

    public BuildPlan {
        globalArgs = List.copyOf(globalArgs);
        metaArgs = Map.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /**
     * Plans the build of the Dockerfile with the given build arguments (which override ARG defaults) and predefined
     * platform arguments.
     */
    public static BuildPlan of(Dockerfile dockerfile, Map<String, String> buildArgs, Map<String, String> predefined)
            throws InstructionException {
        InstructionParser parser = new InstructionParser();
        ShellLex lex = new ShellLex(dockerfile.directives().escape());
        List<Instruction.Arg> globalArgs = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>(predefined);
        List<Draft> drafts = new ArrayList<>();
        for (Node node : dockerfile.nodes()) {
            Instruction instruction = parser.parse(dockerfile.file(), node);
            if (instruction instanceof Instruction.From from) {
                drafts.add(new Draft(from, expand(lex, from.image(), meta, from)));
            } else if (drafts.isEmpty()) {
                if (!(instruction instanceof Instruction.Arg arg)) {
                    throw new InstructionException(instruction.location(), "only ARG may come before the first FROM;"
                            + " a Dockerfile must start with FROM (after parser directives, comments and ARGs)");
                }
                globalArgs.add(arg);
                for (KeyValue kv : arg.arguments()) {
                    String value = buildArgs.containsKey(kv.key()) ? buildArgs.get(kv.key())
                            : kv.value() == null ? null : expand(lex, kv.value(), meta, arg);
                    if (value != null) {
                        meta.put(kv.key(), value);
                    }
                }
            } else {
                drafts.getLast().instructions.add(instruction);
            }
        }
        if (drafts.isEmpty()) {
            throw new InstructionException(new dev.berth.builder.instruction.Location(dockerfile.file(), 1, 1, ""),
                    "the Dockerfile has no FROM instruction; start a stage with FROM image or FROM scratch");
        }
        return new BuildPlan(globalArgs, meta, link(drafts, lex, meta));
    }

    /** The stages needed to build {@code target} (a name, or null for the last stage), dependencies first. */
    public List<Stage> stagesFor(String target) {
        Stage goal = target == null ? stages.getLast() : stageNamed(target).orElseThrow(() ->
                new IllegalArgumentException("target stage '" + target + "' is not in the Dockerfile; stages are "
                        + stages.stream().map(Stage::label).toList()));
        Set<Integer> needed = new TreeSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(goal.index()));
        while (!todo.isEmpty()) {
            int index = todo.pop();
            if (needed.add(index)) {
                todo.addAll(stages.get(index).dependsOn());
            }
        }
        return needed.stream().map(stages::get).toList();
    }

    public java.util.Optional<Stage> stageNamed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(stage -> lower.equals(stage.name())).findFirst();
    }

    private static final class Draft {
        final Instruction.From from;
        final String image;
        final List<Instruction> instructions = new ArrayList<>();

        Draft(Instruction.From from, String image) {
            this.from = from;
            this.image = image;
        }
    }

    private static List<Stage> link(List<Draft> drafts, ShellLex lex, Map<String, String> meta)
            throws InstructionException {
        Map<String, Integer> byName = new HashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (int index = 0; index < drafts.size(); index++) {
            Draft draft = drafts.get(index);
            String name = draft.from.stageName() == null ? null : draft.from.stageName().toLowerCase(Locale.ROOT);
            if (name != null && !STAGE_NAME.matcher(name).matches()) {
                throw new InstructionException(draft.from.location(), "invalid stage name '" + draft.from.stageName()
                        + "': start with a letter, then letters, digits, '-', '_' or '.'");
            }
            if (name != null && byName.containsKey(name)) {
                throw new InstructionException(draft.from.location(), "duplicate stage name '" + name + "'");
            }
            int base = byName.getOrDefault(draft.image.toLowerCase(Locale.ROOT), -1);
            Set<Integer> dependsOn = new LinkedHashSet<>();
            if (base >= 0) {
                dependsOn.add(base);
            }
            for (Instruction instruction : draft.instructions) {
                for (String source : sourcesOf(instruction)) {
                    String expanded = expand(lex, source, meta, instruction).toLowerCase(Locale.ROOT);
                    Integer stage = byName.get(expanded);
                    if (stage == null && expanded.matches("\\d+")) {
                        stage = Integer.parseInt(expanded);
                        if (stage >= index) {
                            throw new InstructionException(instruction.location(), "stage " + stage
                                    + " is not an earlier stage; --from can only name stages defined before this one");
                        }
                    }
                    if (stage != null) {
                        dependsOn.add(stage);
                    }
                }
            }
            stages.add(new Stage(index, name, draft.from, draft.image, base, draft.instructions, dependsOn));
            if (name != null) {
                byName.put(name, index);
            }
        }
        return stages;
    }

    /** The stage or image names an instruction reads from: COPY --from, RUN --mount from=. */
    private static List<String> sourcesOf(Instruction instruction) {
        List<String> sources = new ArrayList<>();
        if (instruction instanceof Instruction.Copy copy && copy.options().from() != null) {
            sources.add(copy.options().from());
        }
        if (instruction instanceof Instruction.Run run) {
            for (String mount : run.mounts()) {
                for (String field : mount.split(",")) {
                    if (field.startsWith("from=")) {
                        sources.add(field.substring(5));
                    }
                }
            }
        }
        return sources;
    }

    private static String expand(ShellLex lex, String word, Map<String, String> env, Instruction at)
            throws InstructionException {
        try {
            return lex.processWord(word, env);
        } catch (SubstitutionException e) {
            throw new InstructionException(at.location(), e.getMessage());
        }
    }
}
