package dev.berth.builder.build;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.output.DockerArchiveWriter;
import dev.berth.builder.output.OciLayoutWriter;
import dev.berth.builder.output.OutputSpec;
import dev.berth.builder.output.Sinks;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.files.SiblingTempFiles;
import dev.berth.client.ImagePusher;
import dev.berth.client.RegistryClientException;
import dev.berth.oci.reference.Reference;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a built image to each requested output. */
final class Exporter {

    private final OciLayoutWriter oci;
    private final DockerArchiveWriter docker;

    Exporter(ContentStore store, LayerReader layers, Path scratch) {
        this.oci = new OciLayoutWriter(store);
        this.docker = new DockerArchiveWriter(store, layers, scratch);
    }

    /** Exports to each output; those with {@code dest=-} go to {@code standardOutput}. */
    void export(BuiltImage image, List<String> tags, List<OutputSpec> outputs, ImagePusher pusher,
                OutputStream standardOutput) throws IOException, BuildException {
        for (OutputSpec output : outputs) {
            String name = output.name() != null ? output.name() : tags.isEmpty() ? null : tags.getFirst();
            switch (output.type()) {
                case OCI -> {
                    if (output.toStandardOutput()) {
                        streamTar(standardOutput, sink -> oci.write(image, name, sink));
                    } else if (output.isTar()) {
                        writeTar(output.dest(), sink -> oci.write(image, name, sink));
                    } else {
                        oci.write(image, name, Sinks.directory(output.dest()));
                    }
                }
                case DOCKER -> {
                    TarWriting writing = sink -> docker.write(image, name == null ? List.of() : List.of(name), sink);
                    if (output.toStandardOutput()) {
                        streamTar(standardOutput, writing);
                    } else {
                        writeTar(output.dest(), writing);
                    }
                }
                case REGISTRY -> push(image, output.name() != null ? List.of(output.name()) : tags, pusher);
            }
        }
    }

    private static void push(BuiltImage image, List<String> names, ImagePusher pusher)
            throws IOException, BuildException {
        if (names.isEmpty()) {
            throw new BuildException("pushing needs a name: give -t REGISTRY/REPOSITORY:TAG");
        }
        for (String name : names) {
            try {
                pusher.push(image.manifest(), image.blobs(), Reference.parse(name));
            } catch (RegistryClientException e) {
                throw new BuildException("pushing " + name + " failed: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BuildException("cannot push to '" + name + "': " + e.getMessage());
            }
        }
    }

    private interface TarWriting {
        void write(Sinks.TarSink sink) throws IOException;
    }

    /** Writes a tar to a stream, such as standard output, and flushes it; the stream stays open. */
    private static void streamTar(OutputStream out, TarWriting writing) throws IOException {
        OutputStream unclosed = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (Sinks.TarSink sink = Sinks.tar(new BufferedOutputStream(unclosed))) {
            writing.write(sink);
        }
    }

    /** Writes a tar next to its destination and renames it into place, so no partial archive is left. */
    private static void writeTar(Path dest, TarWriting writing) throws IOException {
        Path temp = SiblingTempFiles.create(dest);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp));
                 Sinks.TarSink sink = Sinks.tar(out)) {
                writing.write(sink);
            }
            Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
