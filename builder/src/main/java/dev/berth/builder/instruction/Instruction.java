package dev.berth.builder.instruction;

import dev.berth.builder.dockerfile.Heredoc;
import java.time.Duration;
import java.util.List;

/**
 * One Dockerfile instruction, checked and typed, with its words still unexpanded: variables are substituted when the
 * build reaches it, with the environment in force there.
 */
public sealed interface Instruction {

    /** Where the instruction is written. */
    Location location();

    /** FROM [--platform=P] image [AS name]. */
    record From(Location location, String image, String stageName, String platform) implements Instruction {
    }

    /** RUN [--mount=...] [--network=...] command. */
    record Run(Location location, CommandLine command, List<String> mounts, String network, String security,
               List<Heredoc> heredocs) implements Instruction {
    }

    record Cmd(Location location, CommandLine command) implements Instruction {
    }

    record Entrypoint(Location location, CommandLine command) implements Instruction {
    }

    /** LABEL k=v ... (also MAINTAINER, which sets the {@code maintainer} label's older cousin, the author). */
    record Label(Location location, List<KeyValue> labels) implements Instruction {
    }

    record Maintainer(Location location, String name) implements Instruction {
    }

    record Expose(Location location, List<String> ports) implements Instruction {
    }

    record Env(Location location, List<KeyValue> variables) implements Instruction {
    }

    /** COPY and ADD: the sources, the destination and how to copy. */
    record Copy(Location location, boolean add, List<String> sources, String destination, CopyOptions options,
                List<Heredoc> heredocs) implements Instruction {
    }

    record Volume(Location location, List<String> paths) implements Instruction {
    }

    record User(Location location, String user) implements Instruction {
    }

    record Workdir(Location location, String path) implements Instruction {
    }

    /** ARG name[=default] ...; a null default means none was given. */
    record Arg(Location location, List<KeyValue> arguments) implements Instruction {
    }

    /** ONBUILD trigger: the instruction to run when this image is used as a base, as written. */
    record Onbuild(Location location, String trigger) implements Instruction {
    }

    record StopSignal(Location location, String signal) implements Instruction {
    }

    /** HEALTHCHECK NONE (null command), or CMD with its timings (null for the default). */
    record Healthcheck(Location location, CommandLine command, Duration interval, Duration timeout,
                       Duration startPeriod, Duration startInterval, Integer retries) implements Instruction {
    }

    record Shell(Location location, List<String> shell) implements Instruction {
    }
}
