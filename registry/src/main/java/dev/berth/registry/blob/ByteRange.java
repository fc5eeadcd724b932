package dev.berth.registry.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A single byte range of a blob, from a {@code Range: bytes=...} request header (RFC 9110). */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range the header asks for within a blob of the given size: empty when the header is absent or not a single
     * byte range (then the whole blob is sent, as RFC 9110 allows).
     *
     * @throws UnsatisfiableRangeException when the range lies outside the blob
     */
    static Optional<ByteRange> parse(Optional<String> header, long size) throws UnsatisfiableRangeException {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new UnsatisfiableRangeException();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                throw new UnsatisfiableRangeException();
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            throw new UnsatisfiableRangeException();
        }
    }

    /** A range that selects no byte of the blob. */
    static final class UnsatisfiableRangeException extends Exception {
    }
}
