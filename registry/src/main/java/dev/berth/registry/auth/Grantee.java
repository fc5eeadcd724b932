package dev.berth.registry.auth;

/** Whom a rule grants its actions to. */
public sealed interface Grantee {

    boolean includes(Principal principal);

    /** Everyone, with credentials or without: public repositories. */
    record Anyone() implements Grantee {

        @Override
        public boolean includes(Principal principal) {
            return true;
        }
    }

    /** Every caller who logged in, person or robot. */
    record Authenticated() implements Grantee {

        @Override
        public boolean includes(Principal principal) {
            return !(principal instanceof Principal.Anonymous);
        }
    }

    /** One user or robot, by name. */
    record Named(String name) implements Grantee {

        @Override
        public boolean includes(Principal principal) {
            return !(principal instanceof Principal.Anonymous) && principal.name().equals(name);
        }
    }

    /** The members of a group. */
    record Group(String group) implements Grantee {

        @Override
        public boolean includes(Principal principal) {
            return principal.groups().contains(group);
        }
    }
}
