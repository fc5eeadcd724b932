package dev.berth.cache.s3;

import dev.berth.cache.gc.Condemnation;
import dev.berth.cache.gc.GcMarks;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Garbage collection's marks in the bucket, under {@code <prefix>gc/}: {@code touched/<alg>/<hex>} holds the time,
 * and the notices are the keys under {@code condemned/}, so that one listing request reads them all. S3 is strongly
 * consistent for these requests, which the handshake in {@link GcMarks} relies on.
 */
public final class S3GcMarks implements GcMarks {

    private final S3Objects objects;

    public S3GcMarks(S3Client s3, S3Settings settings) {
        this.objects = new S3Objects(s3, settings);
    }

    @Override
    public void touch(Digest digest, Instant at) throws IOException {
        objects.put(touchKey(digest), at.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<Instant> touched(Digest digest) throws IOException {
        Optional<byte[]> time = objects.get(touchKey(digest));
        try {
            return time.map(bytes -> Instant.parse(new String(bytes, StandardCharsets.US_ASCII).strip()));
        } catch (DateTimeParseException e) {
            throw new IOException(touchKey(digest) + " does not hold a time: delete it, and the content counts as "
                    + "referenced when its blob was written");
        }
    }

    @Override
    public void forget(Digest digest) throws IOException {
        objects.deleteBlindly(touchKey(digest));
    }

    @Override
    public void condemn(Condemnation notice) throws IOException {
        objects.put(objects.key("gc/condemned/" + notice.name()), new byte[0]);
    }

    @Override
    public void withdraw(Condemnation notice) throws IOException {
        objects.deleteBlindly(objects.key("gc/condemned/" + notice.name()));
    }

    @Override
    public List<Condemnation> condemned() throws IOException {
        String prefix = objects.key("gc/condemned/");
        List<Condemnation> notices = new ArrayList<>();
        for (S3Object object : objects.list(prefix)) {
            Condemnation.parse(object.key().substring(prefix.length())).ifPresent(notices::add);
        }
        return notices;
    }

    private String touchKey(Digest digest) {
        return objects.key("gc/touched/" + digest.algorithm().prefix() + "/" + digest.hex());
    }
}
