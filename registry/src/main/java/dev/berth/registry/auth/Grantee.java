package dev.berth.registry.auth;

import java.util.Set;

/** Whom a rule grants its actions to. */
public sealed interface Grantee {

    /**
     * Whether the rule applies to the principal.
     *
     * @param groups every group the principal is in: its own and those the access rules put it in
     */
    boolean includes(Principal principal, Set<String> groups);

    /**
     * The grantee as the access rules file names it: {@code anyone}, {@code authenticated}, {@code group:NAME},
     * {@code external:ISSUER}, or an identity ({@code user:NAME}, {@code robot:NAME}, or a bare user name).
     */
    static Grantee parse(String text) {
        String value = text.strip();
        if (value.equals("anyone")) {
            return new Anyone();
        }
        if (value.equals("authenticated")) {
            return new Authenticated();
        }
        int colon = value.indexOf(':');
        String kind = colon < 0 ? "user" : value.substring(0, colon);
        String name = value.substring(colon + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no one after '" + kind + ":'");
        }
        return switch (kind) {
            case "group" -> new Group(name);
            case "external" -> new FromIssuer(name);
            case "user", "robot" -> new Named(kind + ":" + name);
            default -> throw new IllegalArgumentException("'" + text + "' is not anyone, authenticated, user:NAME, "
                    + "robot:NAME, group:NAME or external:ISSUER");
        };
    }

    /** Everyone, with credentials or without: public repositories. */
    record Anyone() implements Grantee {

        @Override
        public boolean includes(Principal principal, Set<String> groups) {
            return true;
        }
    }

    /** Every caller who logged in: person, robot or external identity. */
    record Authenticated() implements Grantee {

        @Override
        public boolean includes(Principal principal, Set<String> groups) {
            return !(principal instanceof Principal.Anonymous);
        }
    }

    /** One user or robot, by identity ({@code user:alice}, {@code robot:ci}). */
    record Named(String identity) implements Grantee {

        @Override
        public boolean includes(Principal principal, Set<String> groups) {
            return !(principal instanceof Principal.Anonymous) && principal.identity().equals(identity);
        }
    }

    /** The members of a group. */
    record Group(String group) implements Grantee {

        @Override
        public boolean includes(Principal principal, Set<String> groups) {
            return groups.contains(group);
        }
    }

    /** Every identity an external issuer vouches for. */
    record FromIssuer(String issuer) implements Grantee {

        @Override
        public boolean includes(Principal principal, Set<String> groups) {
            return principal instanceof Principal.External external && external.issuer().equals(issuer);
        }
    }
}
