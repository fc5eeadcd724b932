package dev.berth.registry.auth;

import java.util.Arrays;
import java.util.Optional;

/** What a request does to a repository, as the token scopes of the distribution spec name it. */
public enum Action {
    PULL("pull"),
    PUSH("push"),
    DELETE("delete"),
    /** Everything, including managing the repository; {@code *} in a token scope. */
    ADMIN("*");

    private final String scopeName;

    Action(String scopeName) {
        this.scopeName = scopeName;
    }

    /** The action's name in a scope such as {@code repository:team/app:pull,push}. */
    public String scopeName() {
        return scopeName;
    }

    public static Optional<Action> ofScopeName(String name) {
        return Arrays.stream(values()).filter(action -> action.scopeName.equals(name)).findFirst();
    }
}
