package dev.berth.builder.build;

import dev.berth.builder.instruction.CommandLine;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.instruction.KeyValue;
import dev.berth.builder.substitution.ShellLex;
import dev.berth.builder.substitution.SubstitutionException;
import dev.berth.oci.manifest.ImageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions that change only the image config, applied as Docker applies them. Each returns the history text
 * of the step, which also goes into the cache key of what follows.
 */
final class Metadata {

    private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?");

    /** Predefined proxy arguments: usable in the build, but kept out of the image history and the cache key. */
    private static final java.util.Set<String> PROXY_ARGS = java.util.Set.of("HTTP_PROXY", "http_proxy",
            "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY",
            "all_proxy");

    private final ShellLex lex;

    /** Whether a build argument is one every build knows without an ARG (the proxy settings, BuildKit's own). */
    static boolean isPredefined(String name) {
        return PROXY_ARGS.contains(name) || name.startsWith("BUILDKIT_");
    }

    Metadata(ShellLex lex) {
        this.lex = lex;
    }

    String apply(Instruction instruction, StageState state, Map<String, String> buildArgs,
                 Map<String, String> globalArgs)
            throws SubstitutionException, BuildException {
        Map<String, String> env = state.expansionEnv();
        return switch (instruction) {
            case Instruction.Env e -> {
                Map<String, String> values = expandPairs(e.variables(), env);
                state.env.putAll(values);
                yield "ENV " + join(values);
            }
            case Instruction.Label l -> {
                Map<String, String> values = expandPairs(l.labels(), env);
                state.labels.putAll(values);
                yield "LABEL " + join(values);
            }
            case Instruction.Maintainer m -> {
                state.author = m.name();
                yield "MAINTAINER " + m.name();
            }
            case Instruction.Arg a -> {
                List<String> declared = new ArrayList<>();
                for (KeyValue kv : a.arguments()) {
                    String value = buildArgs.containsKey(kv.key()) ? buildArgs.get(kv.key())
                            : kv.value() != null ? lex.processWord(kv.value(), env)
                            : globalArgs.get(kv.key());
                    if (value != null) {
                        state.args.put(kv.key(), value);
                    }
                    declared.add(value == null || PROXY_ARGS.contains(kv.key()) ? kv.key() : kv.key() + "=" + value);
                }
                yield "ARG " + String.join(" ", declared);
            }
            case Instruction.Expose x -> {
                List<String> ports = new ArrayList<>();
                for (String word : x.ports()) {
                    for (String port : lex.processWords(word, env)) {
                        ports.addAll(ports(port, x));
                    }
                }
                ports.forEach(port -> state.exposedPorts.put(port, Map.of()));
                yield "EXPOSE " + String.join(" ", ports);
            }
            case Instruction.Volume v -> {
                List<String> paths = new ArrayList<>();
                for (String path : v.paths()) {
                    String expanded = lex.processWord(path, env);
                    if (expanded.isEmpty()) {
                        throw new BuildException(v.location(), "VOLUME paths can not be empty");
                    }
                    paths.add(expanded);
                    state.volumes.put(expanded, Map.of());
                }
                yield "VOLUME " + paths;
            }
            case Instruction.User u -> {
                state.user = lex.processWord(u.user(), env);
                yield "USER " + state.user;
            }
            case Instruction.Workdir w -> {
                String path = lex.processWord(w.path(), env);
                state.workdir = Path.of(state.workdirOrRoot()).resolve(path).normalize().toString();
                yield "WORKDIR " + state.workdir;
            }
            case Instruction.StopSignal s -> {
                state.stopSignal = lex.processWord(s.signal(), env);
                yield "STOPSIGNAL " + state.stopSignal;
            }
            case Instruction.Cmd c -> {
                state.cmd = c.command().argv(state.shellOrDefault());
                state.cmdSetInStage = true;
                state.argsEscaped = true;
                yield "CMD " + state.cmd;
            }
            case Instruction.Entrypoint e -> {
                state.entrypoint = e.command().argv(state.shellOrDefault());
                if (!state.cmdSetInStage) {
                    state.cmd = null;
                }
                yield "ENTRYPOINT " + state.entrypoint;
            }
            case Instruction.Shell s -> {
                state.shell = s.shell();
                yield "SHELL " + s.shell();
            }
            case Instruction.Onbuild o -> {
                state.onBuild.add(o.trigger());
                yield "ONBUILD " + o.trigger();
            }
            case Instruction.Healthcheck h -> {
                state.healthcheck = healthcheck(h);
                yield "HEALTHCHECK " + state.healthcheck.test();
            }
            default -> throw new IllegalArgumentException("not a metadata instruction: " + instruction);
        };
    }

    private Map<String, String> expandPairs(List<KeyValue> pairs, Map<String, String> env)
            throws SubstitutionException {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue kv : pairs) {
            values.put(lex.processWord(kv.key(), env), lex.processWord(kv.value(), env));
        }
        return values;
    }

    private static String join(Map<String, String> values) {
        return String.join(" ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static List<String> ports(String port, Instruction at) throws BuildException {
        Matcher m = PORT.matcher(port);
        if (!m.matches()) {
            throw new BuildException(at.location(), "invalid port '" + port + "': use PORT, PORT/tcp, PORT/udp or "
                    + "a range such as 8000-8010");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        String protocol = m.group(3) == null ? "tcp" : m.group(3);
        if (last < first || last > 65535) {
            throw new BuildException(at.location(), "invalid port range '" + port + "'");
        }
        List<String> ports = new ArrayList<>();
        for (int p = first; p <= last; p++) {
            ports.add(p + "/" + protocol);
        }
        return ports;
    }

    private static ImageConfig.HealthConfig healthcheck(Instruction.Healthcheck h) {
        if (h.command() == null) {
            return new ImageConfig.HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        List<String> test = new ArrayList<>();
        switch (h.command()) {
            case CommandLine.ExecForm exec -> {
                test.add("CMD");
                test.addAll(exec.arguments());
            }
            case CommandLine.ShellForm shell -> {
                test.add("CMD-SHELL");
                test.add(shell.command());
            }
        }
        return new ImageConfig.HealthConfig(List.copyOf(test), nanos(h.interval()), nanos(h.timeout()),
                nanos(h.startPeriod()), nanos(h.startInterval()), h.retries());
    }

    private static Long nanos(Duration duration) {
        return duration == null ? null : duration.toNanos();
    }
}
