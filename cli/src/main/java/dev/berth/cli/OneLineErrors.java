package dev.berth.cli;

import picocli.CommandLine;

/**
 * How a command line that does not parse is reported: the one error, prefixed with the command, and where the usage
 * is; not the whole usage, which buries the error.
 */
final class OneLineErrors implements CommandLine.IParameterExceptionHandler {

    /** The command line with this handler on it and on every subcommand. */
    static CommandLine on(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(new OneLineErrors());
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        e.getCommandLine().getErr().println(command + ": " + e.getMessage());
        e.getCommandLine().getErr().println("See '" + command + " --help'.");
        return 2;
    }
}
