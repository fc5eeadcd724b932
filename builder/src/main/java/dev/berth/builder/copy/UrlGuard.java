package dev.berth.builder.copy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which addresses ADD may download from, checked for the URL and for every redirect it follows. By default the
 * build host's own addresses are refused: loopback (its local services), link-local (169.254.169.254 hands out cloud
 * credentials on build servers) and unspecified ones (0.0.0.0 reaches loopback), after DNS resolution, so that a
 * name that resolves to them is refused too. Private ranges stay allowed, for internal artifact servers.
 */
@FunctionalInterface
public interface UrlGuard {

    /** Fails when the URL's host may not be reached. */
    void check(URI uri) throws CopyException;

    /** Allows every address: {@code --allow-host-loopback}. */
    static UrlGuard allowAll() {
        return uri -> { };
    }

    /** Refuses hosts that resolve to a loopback, link-local or unspecified address. */
    static UrlGuard refuseHostAddresses() {
        return uri -> {
            String host = uri.getHost();
            if (host == null) {
                throw new CopyException("cannot download " + uri + ": it names no host");
            }
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new CopyException("cannot download " + uri + ": the host name " + host + " does not resolve");
            }
            for (InetAddress address : addresses) {
                String kind = hostAddressKind(address);
                if (kind != null) {
                    throw new CopyException("ADD does not download from " + uri + ": " + host + " is "
                            + address.getHostAddress() + ", " + kind + " of the build host; pass "
                            + "--allow-host-loopback to allow it");
                }
            }
        };
    }

    /** What makes the address one of the build host's own, or null when it is not. */
    private static String hostAddressKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (such as a cloud metadata service)";
        }
        if (address.isAnyLocalAddress() || address instanceof Inet4Address && address.getAddress()[0] == 0) {
            return "an unspecified address";
        }
        return null;
    }
}
