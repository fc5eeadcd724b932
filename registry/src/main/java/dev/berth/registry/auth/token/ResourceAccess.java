package dev.berth.registry.auth.token;

import java.util.List;

/**
 * One entry of a token's {@code access} claim, as the distribution spec's token format has it: the actions granted
 * on one resource, such as {@code {"type": "repository", "name": "team/app", "actions": ["pull", "push"]}}.
 */
public record ResourceAccess(String type, String name, List<String> actions) {

    public ResourceAccess {
        actions = List.copyOf(actions);
    }
}
