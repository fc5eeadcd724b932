package dev.berth.registry.auth;

import java.util.Set;

/** Who is calling, once authenticated: what the authorizer decides on. */
public sealed interface Principal {

    /** A name for logs and audit lines. */
    String name();

    /** The groups the principal brings with it (an external identity's, from its claims); rules may grant to one. */
    Set<String> groups();

    /**
     * A name unique across kinds of caller ({@code user:alice}, {@code robot:ci}, {@code external:github/repo:org/app}),
     * for what belongs to one and for rules that name one.
     */
    default String identity() {
        return switch (this) {
            case Anonymous anonymous -> "anonymous";
            case User user -> "user:" + user.name();
            case Robot robot -> "robot:" + robot.name();
            case External external -> "external:" + external.issuer() + "/" + external.name();
        };
    }

    /** A caller without credentials. */
    record Anonymous() implements Principal {

        @Override
        public String name() {
            return "anonymous";
        }

        @Override
        public Set<String> groups() {
            return Set.of();
        }
    }

    /** A person with a password, from the users file. */
    record User(String name) implements Principal {

        @Override
        public Set<String> groups() {
            return Set.of();
        }
    }

    /** A machine account with a generated secret, such as a CI pipeline's; {@code robot$name} in the users file. */
    record Robot(String name) implements Principal {

        /** The prefix that marks a robot in the users file and in {@code docker login -u}, as in Harbor. */
        public static final String PREFIX = "robot$";

        @Override
        public Set<String> groups() {
            return Set.of();
        }
    }

    /**
     * A caller vouched for by an external identity provider (a CI system's OIDC token), with the groups its claims
     * map to.
     *
     * @param issuer the configured name of the provider
     * @param name   the token's subject
     */
    record External(String issuer, String name, Set<String> groups) implements Principal {

        public External {
            groups = Set.copyOf(groups);
        }
    }
}
