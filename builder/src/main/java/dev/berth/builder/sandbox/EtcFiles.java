package dev.berth.builder.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * /etc/hosts, /etc/resolv.conf and /etc/hostname for a step, written into its bundle and bind-mounted read-only, so
 * they never end up in a layer.
 */
final class EtcFiles {

    private EtcFiles() {
    }

    static List<RunSpec.Mount> write(Path bundle, RunSpec spec) throws IOException {
        Path hosts = bundle.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t"
                + spec.hostname() + "\n");
        Path hostname = bundle.resolve("hostname");
        Files.writeString(hostname, spec.hostname() + "\n");
        Path resolv = bundle.resolve("resolv.conf");
        Path host = Path.of("/etc/resolv.conf");
        switch (spec.network()) {
            case RunSpec.Network.Host shared when Files.isReadable(host) -> Files.copy(host, resolv);
            case RunSpec.Network.Private own -> Files.writeString(resolv, privateResolvConf(host));
            default -> Files.writeString(resolv, "");
        }
        List<RunSpec.Mount> mounts = new ArrayList<>();
        mounts.add(RunSpec.Mount.bind(hosts, "/etc/hosts", true));
        mounts.add(RunSpec.Mount.bind(resolv, "/etc/resolv.conf", true));
        mounts.add(RunSpec.Mount.bind(hostname, "/etc/hostname", true));
        return mounts;
    }

    /** The host's search and options lines, with slirp4netns's resolver (which asks the host's) as nameserver. */
    private static String privateResolvConf(Path host) throws IOException {
        StringBuilder conf = new StringBuilder("nameserver " + PrivateNetwork.NAMESERVER + "\n");
        if (Files.isReadable(host)) {
            for (String line : Files.readAllLines(host)) {
                if (line.startsWith("search") || line.startsWith("options")) {
                    conf.append(line).append('\n');
                }
            }
        }
        return conf.toString();
    }
}
