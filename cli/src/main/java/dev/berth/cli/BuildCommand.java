package dev.berth.cli;

import dev.berth.builder.dockerfile.AstDump;
import dev.berth.builder.dockerfile.DockerfileException;
import dev.berth.builder.dockerfile.DockerfileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth build}: builds an image from a Dockerfile, in the style of {@code docker buildx build}. */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Build an image from a Dockerfile.")
final class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    private Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile).")
    private Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "REF", description = "Name and tag for the image.")
    private List<String> tags = List.of();

    @Option(names = "--print-ast", description = "Print the parsed Dockerfile, one instruction a line, and stop.")
    private boolean printAst;

    @Override
    public Integer call() throws IOException {
        Path dockerfile = file != null ? file : context.resolve("Dockerfile");
        String text;
        try {
            text = Files.readString(dockerfile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            System.err.println("berth build: no Dockerfile at " + dockerfile + "; name one with -f");
            return 2;
        }
        try {
            var parsed = new DockerfileParser().parse(dockerfile.toString(), text);
            if (printAst) {
                System.out.print(AstDump.dump(parsed));
                return 0;
            }
        } catch (DockerfileException e) {
            System.err.println("berth build: " + e.getMessage());
            return 1;
        }
        System.err.println("berth build: building images is not available yet (only --print-ast is); "
                + "use buildah or docker buildx to build, and push to berth serve");
        return 2;
    }
}
