package dev.berth.builder.instruction;

import dev.berth.builder.dockerfile.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns syntax-tree nodes into typed instructions, checking arguments and flags as BuildKit does. */
public final class InstructionParser {

    public Instruction parse(String file, Node node) throws InstructionException {
        Location location = new Location(file, node.startLine(), node.endLine(), node.original());
        try {
            return parse(location, node);
        } catch (InstructionException.Problem problem) {
            throw new InstructionException(location, problem.getMessage());
        }
    }

    private Instruction parse(Location at, Node node) throws InstructionException.Problem {
        String name = node.instruction();
        List<String> args = node.arguments();
        return switch (name) {
            case "from" -> {
                FlagSet flags = flags(node, Set.of("platform"), Set.of(), Set.of());
                if (args.size() != 1 && !(args.size() == 3 && args.get(1).equalsIgnoreCase("as"))) {
                    throw new InstructionException.Problem("FROM takes an image and optionally AS name: "
                            + "FROM image[:tag] [AS name]");
                }
                yield new Instruction.From(at, args.getFirst(), args.size() == 3 ? args.get(2) : null,
                        flags.string("platform"));
            }
            case "run" -> {
                FlagSet flags = flags(node, Set.of("network", "security"), Set.of("mount", "device"), Set.of());
                String network = flags.string("network");
                String security = flags.string("security");
                if (security != null && !Set.of("sandbox", "insecure").contains(security)) {
                    throw new InstructionException.Problem("RUN --security is sandbox or insecure, not '"
                            + security + "'");
                }
                if (network != null && !Set.of("default", "none", "host").contains(network)) {
                    throw new InstructionException.Problem("RUN --network is default, none or host, not '"
                            + network + "'");
                }
                yield new Instruction.Run(at, command(node, "RUN"), flags.list("mount"), flags.string("network"),
                        flags.string("security"), node.heredocs());
            }
            case "cmd" -> new Instruction.Cmd(at, command(noFlags(node), "CMD"));
            case "entrypoint" -> new Instruction.Entrypoint(at, command(noFlags(node), "ENTRYPOINT"));
            case "label" -> new Instruction.Label(at, pairs(noFlags(node), "LABEL"));
            case "maintainer" -> new Instruction.Maintainer(at, single(noFlags(node), "MAINTAINER"));
            case "expose" -> new Instruction.Expose(at, atLeastOne(noFlags(node), "EXPOSE", "a port"));
            case "env" -> new Instruction.Env(at, pairs(noFlags(node), "ENV"));
            case "copy", "add" -> copy(at, node, name.equals("add"));
            case "volume" -> new Instruction.Volume(at, atLeastOne(noFlags(node), "VOLUME", "a path").stream()
                    .filter(path -> !path.isEmpty()).toList());
            case "user" -> new Instruction.User(at, single(noFlags(node), "USER"));
            case "workdir" -> new Instruction.Workdir(at, single(noFlags(node), "WORKDIR"));
            case "arg" -> new Instruction.Arg(at, arguments(noFlags(node)));
            case "onbuild" -> new Instruction.Onbuild(at, onbuildTrigger(node));
            case "stopsignal" -> new Instruction.StopSignal(at, single(noFlags(node), "STOPSIGNAL"));
            case "healthcheck" -> healthcheck(at, node);
            case "shell" -> new Instruction.Shell(at, atLeastOne(noFlags(node), "SHELL", "a shell"));
            default -> throw new InstructionException.Problem("unknown instruction " + node.keyword());
        };
    }

    private static FlagSet flags(Node node, Set<String> strings, Set<String> lists, Set<String> booleans)
            throws InstructionException.Problem {
        return FlagSet.parse(node.keyword().toUpperCase(java.util.Locale.ROOT), node.flags(), strings, lists,
                booleans);
    }

    private static Node noFlags(Node node) throws InstructionException.Problem {
        flags(node, Set.of(), Set.of(), Set.of());
        return node;
    }

    private static CommandLine command(Node node, String instruction) throws InstructionException.Problem {
        if (node.arguments().isEmpty()) {
            throw new InstructionException.Problem(instruction + " needs a command");
        }
        return node.json() ? new CommandLine.ExecForm(node.arguments())
                : new CommandLine.ShellForm(node.arguments().getFirst());
    }

    private static String single(Node node, String instruction) throws InstructionException.Problem {
        if (node.arguments().isEmpty()) {
            throw new InstructionException.Problem(instruction + " needs an argument");
        }
        return node.arguments().getFirst();
    }

    private static List<String> atLeastOne(Node node, String instruction, String what)
            throws InstructionException.Problem {
        if (node.arguments().isEmpty()) {
            throw new InstructionException.Problem(instruction + " needs at least " + what);
        }
        return node.arguments();
    }

    private static List<KeyValue> pairs(Node node, String instruction) throws InstructionException.Problem {
        List<String> triples = node.arguments();
        if (triples.isEmpty()) {
            throw new InstructionException.Problem(instruction + " needs at least one name=value pair");
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i + 2 < triples.size(); i += 3) {
            if (triples.get(i).isEmpty()) {
                throw new InstructionException.Problem(instruction + " names can not be blank");
            }
            pairs.add(new KeyValue(triples.get(i), triples.get(i + 1)));
        }
        return pairs;
    }

    private static List<KeyValue> arguments(Node node) throws InstructionException.Problem {
        if (node.arguments().isEmpty()) {
            throw new InstructionException.Problem("ARG needs at least one name, such as ARG VERSION=1.0");
        }
        List<KeyValue> arguments = new ArrayList<>();
        for (String word : node.arguments()) {
            int equals = word.indexOf('=');
            String key = equals < 0 ? word : word.substring(0, equals);
            if (key.isEmpty()) {
                throw new InstructionException.Problem("ARG names can not be blank");
            }
            arguments.add(new KeyValue(key, equals < 0 ? null : word.substring(equals + 1)));
        }
        return arguments;
    }

    private static Instruction copy(Location at, Node node, boolean add) throws InstructionException.Problem {
        FlagSet flags = add
                ? flags(node, Set.of("chown", "chmod", "checksum"), Set.of("exclude"),
                        Set.of("link", "keep-git-dir", "unpack"))
                : flags(node, Set.of("from", "chown", "chmod"), Set.of("exclude"), Set.of("link", "parents"));
        String instruction = add ? "ADD" : "COPY";
        List<String> args = node.arguments();
        if (args.size() < 2 && node.heredocs().isEmpty() || args.isEmpty()) {
            throw new InstructionException.Problem(instruction + " needs at least one source and a destination: "
                    + instruction + " <src>... <dest>");
        }
        CopyOptions options = new CopyOptions(flags.string("from"), flags.string("chown"), flags.string("chmod"),
                flags.bool("link"), flags.bool("parents"), flags.list("exclude"), flags.string("checksum"),
                flags.bool("keep-git-dir"), flags.optionalBool("unpack"));
        return new Instruction.Copy(at, add, args.subList(0, args.size() - 1), args.getLast(), options,
                node.heredocs());
    }

    private static String onbuildTrigger(Node node) {
        String original = node.original().strip();
        return original.substring(node.keyword().length()).strip();
    }

    private static Instruction healthcheck(Location at, Node node) throws InstructionException.Problem {
        FlagSet flags = flags(node, Set.of("interval", "timeout", "start-period", "start-interval", "retries"),
                Set.of(), Set.of());
        List<String> args = node.arguments();
        if (args.isEmpty()) {
            throw new InstructionException.Problem("HEALTHCHECK needs NONE or CMD and a command");
        }
        String type = args.getFirst().toUpperCase(java.util.Locale.ROOT);
        if (type.equals("NONE")) {
            if (args.size() > 1 || !node.flags().isEmpty()) {
                throw new InstructionException.Problem("HEALTHCHECK NONE takes no other arguments or flags");
            }
            return new Instruction.Healthcheck(at, null, null, null, null, null, null);
        }
        if (!type.equals("CMD") || args.size() < 2) {
            throw new InstructionException.Problem("unknown HEALTHCHECK type '" + args.getFirst()
                    + "': use HEALTHCHECK CMD command, or HEALTHCHECK NONE");
        }
        CommandLine command = node.json() ? new CommandLine.ExecForm(args.subList(1, args.size()))
                : new CommandLine.ShellForm(args.get(1));
        Integer retries = null;
        if (flags.string("retries") != null) {
            try {
                retries = Integer.parseInt(flags.string("retries"));
            } catch (NumberFormatException e) {
                throw new InstructionException.Problem("--retries must be a whole number, got '"
                        + flags.string("retries") + "'");
            }
            if (retries < 1) {
                throw new InstructionException.Problem("--retries must be at least 1");
            }
        }
        return new Instruction.Healthcheck(at, command, duration(flags, "interval"), duration(flags, "timeout"),
                duration(flags, "start-period"), duration(flags, "start-interval"), retries);
    }

    private static Duration duration(FlagSet flags, String name) throws InstructionException.Problem {
        String value = flags.string(name);
        if (value == null) {
            return null;
        }
        Duration duration = GoDuration.parse(value);
        if (!duration.isZero() && duration.toMillis() < 1) {
            throw new InstructionException.Problem("--" + name + " cannot be less than 1ms");
        }
        return duration;
    }
}
