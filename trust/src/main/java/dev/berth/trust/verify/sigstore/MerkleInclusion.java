package dev.berth.trust.verify.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** RFC 9162's Merkle inclusion proofs: that a leaf is at an index of a tree with a given root (SHA-256). */
final class MerkleInclusion {

    private MerkleInclusion() {
    }

    /** The hash of a leaf: {@code SHA-256(0x00 || entry)}. */
    static byte[] leafHash(byte[] entry) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        return sha256.digest(entry);
    }

    /** Whether the audit path leads from the leaf hash at {@code index} to {@code root} in a tree of {@code size}. */
    static boolean verifies(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        return sha256.digest(right);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
