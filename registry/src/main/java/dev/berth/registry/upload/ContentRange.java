package dev.berth.registry.upload;

import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.http.RegistryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code Content-Range: <first>-<last>} of an upload chunk, inclusive on both ends. */
record ContentRange(long first, long last) {

    private static final Pattern GRAMMAR = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    long length() {
        return last - first + 1;
    }

    /** The range a chunk claims, if it names one; a malformed or inverted range is refused with 416. */
    static Optional<ContentRange> parse(Optional<String> header) throws RegistryException {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = GRAMMAR.matcher(header.get().trim());
        if (!m.matches()) {
            throw invalid("Content-Range '" + header.get() + "' is not of the form <first>-<last>");
        }
        try {
            ContentRange range = new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            if (range.last < range.first) {
                throw invalid("Content-Range '" + header.get() + "' ends before it starts");
            }
            return Optional.of(range);
        } catch (NumberFormatException e) {
            throw invalid("Content-Range '" + header.get() + "' has a number too large");
        }
    }

    /** Checks the chunk's declared length agrees with its range. */
    void requireLength(Optional<Long> contentLength) throws RegistryException {
        if (contentLength.isPresent() && contentLength.get() != length()) {
            throw invalid("Content-Range " + first + "-" + last + " covers " + length()
                    + " bytes but Content-Length is " + contentLength.get());
        }
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, message, null);
    }
}
