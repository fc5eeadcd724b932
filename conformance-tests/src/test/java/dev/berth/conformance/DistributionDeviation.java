package dev.berth.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test of something the spec requires where CNCF Distribution 2.8 deviates from the spec; the test runs
 * against Berth and is skipped, with the reason, when the suite runs against Distribution.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(DistributionDeviation.Condition.class)
public @interface DistributionDeviation {

    /** How Distribution 2.8 deviates from the spec here. */
    String value();

    /** Skips the marked test against Distribution. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            var mark = context.getElement().map(e -> e.getAnnotation(DistributionDeviation.class));
            if (mark.isPresent() && mark.get() != null && RegistryUnderTest.isDistribution()) {
                return ConditionEvaluationResult.disabled("Distribution 2.8 deviates from the spec: "
                        + mark.get().value());
            }
            return ConditionEvaluationResult.enabled("runs against every registry");
        }
    }
}
