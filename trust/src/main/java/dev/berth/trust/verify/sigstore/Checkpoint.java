package dev.berth.trust.verify.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A transparency log's checkpoint as a signed note (C2SP signed-note and tlog-checkpoint): the origin, the tree size
 * and the root hash, then signature lines {@code — <name> <base64(key hint || signature)>}. Witness cosignatures
 * beside the log's own are allowed and ignored.
 *
 * @param origin   the log's origin line
 * @param treeSize the size of the tree the checkpoint is for
 * @param rootHash the root hash of that tree
 * @param text     the signed text: every body line with its newline
 * @param signatures the signature lines' key hints and signatures
 */
record Checkpoint(String origin, long treeSize, byte[] rootHash, byte[] text, List<Signature> signatures) {

    private static final String DASH = "\u2014 ";

    /** A signature line: the signer's name, the 4-byte key hint, the signature. */
    record Signature(String name, byte[] keyHint, byte[] signature) {
    }

    /**
     * Parses a signed note.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static Checkpoint parse(String envelope) {
        int split = envelope.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("the checkpoint has no blank line before its signatures");
        }
        String body = envelope.substring(0, split + 1);
        String[] lines = body.split("\n", -1);
        if (lines.length < 4 || lines[0].isEmpty()) {
            throw new IllegalArgumentException("the checkpoint lacks its origin, tree size or root hash");
        }
        long size;
        byte[] root;
        try {
            size = Long.parseUnsignedLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the checkpoint's second and third lines are not a tree size and a "
                    + "base64 root hash");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("the checkpoint's root hash is not 32 bytes");
        }
        List<Signature> signatures = new ArrayList<>();
        for (String line : envelope.substring(split + 2).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith(DASH) || line.lastIndexOf(' ') <= DASH.length()) {
                throw new IllegalArgumentException("the checkpoint has a malformed signature line");
            }
            int space = line.lastIndexOf(' ');
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the checkpoint has a signature that is not base64");
            }
            if (decoded.length < 5) {
                throw new IllegalArgumentException("the checkpoint has a signature too short to hold a key hint");
            }
            signatures.add(new Signature(line.substring(DASH.length(), space), Arrays.copyOf(decoded, 4),
                    Arrays.copyOfRange(decoded, 4, decoded.length)));
        }
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint is not signed");
        }
        return new Checkpoint(lines[0], size, root, body.getBytes(StandardCharsets.UTF_8), signatures);
    }

    /** Whether a signature whose key hint is the log's (the first four bytes of its key ID) verifies. */
    boolean signedBy(PublicKey key, byte[] logKeyId) {
        byte[] hint = Arrays.copyOf(logKeyId, 4);
        for (Signature signature : signatures) {
            if (MessageDigest.isEqual(hint, signature.keyHint())
                    && Signatures.verifies(key, text, signature.signature())) {
                return true;
            }
        }
        return false;
    }
}
