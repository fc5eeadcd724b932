package dev.berth.client;

import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A blob as a registry sends it: the stream to read (and close), and its length when the registry said. The reader
 * checks the digest as it reads: nothing here has.
 */
public record StreamedBlob(InputStream content, OptionalLong length) {
}
