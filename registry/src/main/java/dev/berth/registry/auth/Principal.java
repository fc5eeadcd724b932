package dev.berth.registry.auth;

import java.util.Set;

/** Who is calling, once authenticated: what the authorizer decides on. */
public sealed interface Principal {

    /** A name for logs and audit lines. */
    String name();

    /** The groups the principal belongs to; rules may grant to a group. */
    Set<String> groups();

    /** A name unique across kinds of caller ({@code user:alice}, {@code robot:ci}), for what belongs to one. */
    default String identity() {
        return switch (this) {
            case Anonymous anonymous -> "anonymous";
            case User user -> "user:" + user.name();
            case Robot robot -> "robot:" + robot.name();
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

    /** A person with a password, from the htpasswd file. */
    record User(String name, Set<String> groups) implements Principal {

        public User {
            groups = Set.copyOf(groups);
        }
    }

    /** A machine account with a generated secret, such as a CI pipeline's. */
    record Robot(String name, Set<String> groups) implements Principal {

        public Robot {
            groups = Set.copyOf(groups);
        }
    }
}
