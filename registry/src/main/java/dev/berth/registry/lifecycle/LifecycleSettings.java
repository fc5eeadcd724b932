package dev.berth.registry.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * How lifecycle policies run.
 *
 * @param configured the policies of the config file (more can be set through the API)
 * @param every      how often they are applied (ECR: within a day)
 */
public record LifecycleSettings(List<LifecyclePolicies.Assigned> configured, Duration every) {

    public static final Duration DEFAULT_EVERY = Duration.ofHours(24);

    public LifecycleSettings {
        configured = List.copyOf(configured);
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("lifecycle policies must run at a positive interval, not " + every);
        }
    }

    /** No policy in the config; any set through the API apply daily. */
    public static LifecycleSettings defaults() {
        return new LifecycleSettings(List.of(), DEFAULT_EVERY);
    }
}
