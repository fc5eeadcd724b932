package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth build}: not built yet, and says so instead of pretending. */
@Command(name = "build", description = "Build an image from a Dockerfile (not available yet).")
final class BuildCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    private java.util.List<String> ignored;

    @Override
    public Integer call() {
        System.err.println("berth build is not available yet: the Dockerfile builder is still being written. "
                + "Use buildah or docker buildx to build, and push to berth serve.");
        return 2;
    }
}
