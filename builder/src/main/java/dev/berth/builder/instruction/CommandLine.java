package dev.berth.builder.instruction;

import java.util.List;

/** A command of RUN, CMD, ENTRYPOINT or HEALTHCHECK: the shell form or the exec (JSON) form. */
public sealed interface CommandLine {

    /** A command string run by the stage's shell. */
    record ShellForm(String command) implements CommandLine {
    }

    /** An argument vector run as is. */
    record ExecForm(List<String> arguments) implements CommandLine {
        public ExecForm {
            arguments = List.copyOf(arguments);
        }
    }

    /** The argument vector to run, with the shell form wrapped in the given shell. */
    default List<String> argv(List<String> shell) {
        return switch (this) {
            case ShellForm form -> {
                var argv = new java.util.ArrayList<>(shell);
                argv.add(form.command());
                yield List.copyOf(argv);
            }
            case ExecForm form -> form.arguments();
        };
    }
}
