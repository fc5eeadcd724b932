package dev.berth.registry.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ECR's policy documents, and what ECR refuses, refused with the rule and field named. */
class LifecyclePolicyParserTest {

    private final LifecyclePolicyParser parser = new LifecyclePolicyParser();

    private LifecyclePolicy parse(String json) throws InvalidPolicyException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private String refusal(String json) {
        return assertThrows(InvalidPolicyException.class, () -> parse(json)).getMessage();
    }

    private static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"description\":\"d\",\"selection\":{" + selection
                + "},\"action\":{\"type\":\"expire\"}}";
    }

    @Test
    void ecrsDocumentedExample_isRead_rulesInPriorityOrder() throws Exception {
        LifecyclePolicy policy = parse("{\"rules\":[" + rule(3, "\"tagStatus\":\"any\",\"countType\":"
                + "\"imageCountMoreThan\",\"countNumber\":1") + "," + rule(1, "\"tagStatus\":\"untagged\","
                + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14") + "]}");
        assertEquals(1, policy.rules().getFirst().priority());
        assertEquals(LifecyclePolicy.CountType.SINCE_IMAGE_PUSHED, policy.rules().getFirst().selection().countType());
        assertEquals(14, policy.rules().getFirst().selection().countNumber());
    }

    @Test
    void whatEcrRefuses_isRefused_namingTheRuleAndField() {
        String keep = "\"countType\":\"imageCountMoreThan\",\"countNumber\":1";
        assertTrue(refusal("{\"rules\":[]}").contains("non-empty \"rules\""));
        assertTrue(refusal("not json").contains("not JSON"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"any\"," + keep) + "," + rule(2,
                "\"tagStatus\":\"untagged\"," + keep) + "]}").contains("rule 1 selects any image, so it must have "
                + "the highest rulePriority"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\"," + keep) + "," + rule(1,
                "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"]," + keep) + "]}").contains("two rules have "
                + "rulePriority 1"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\",\"tagPrefixList\":[\"v\"],"
                + keep) + "]}").contains("rule 1: tagPrefixList and tagPatternList are for tagStatus \"tagged\""));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"tagged\"," + keep) + "]}")
                .contains("gives either tagPrefixList or tagPatternList"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\"," + keep
                + ",\"countUnit\":\"days\"") + "]}").contains("countUnit is only for"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\","
                + "\"countUnit\":\"hours\",\"countNumber\":1") + "]}").contains("needs countUnit \"days\""));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\",\"countType\":"
                + "\"imageCountMoreThan\",\"countNumber\":0") + "]}").contains("rule 1: countNumber must be a whole "
                + "number from 1 up, not 0"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*a*b*c*d*e\"],"
                + keep) + "]}").contains("more than 4 wildcards"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"untagged\"," + keep + ",\"colour\":1")
                + "]}").contains("rule 1: selection: unknown field \"colour\""));
        assertTrue(refusal("{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\"," + keep
                + "},\"action\":{\"type\":\"delete\"}}]}").contains("action.type must be \"expire\""));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"]," + keep)
                + "," + rule(2, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"]," + keep) + "]}")
                .contains("repeats another rule's tagPrefixList"));
        assertTrue(refusal("{\"rules\":[" + rule(1, "\"tagStatus\":\"sometimes\"," + keep) + "]}")
                .contains("tagStatus must be one of [tagged, untagged, any]"));
    }

    @Test
    void theReadmesExample_isAccepted() throws Exception {
        LifecyclePolicy policy = parse("""
                {"rules": [
                  {"rulePriority": 1, "description": "release tags: keep the newest 30",
                   "selection": {"tagStatus": "tagged", "tagPatternList": ["v*"], "countType": "imageCountMoreThan",
                                 "countNumber": 30},
                   "action": {"type": "expire"}},
                  {"rulePriority": 2, "description": "untagged: two weeks",
                   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                                 "countNumber": 14},
                   "action": {"type": "expire"}},
                  {"rulePriority": 3, "description": "anything else not pulled for 90 days",
                   "selection": {"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days",
                                 "countNumber": 90},
                   "action": {"type": "expire"}}]}
                """);
        assertEquals(3, policy.rules().size());
        assertEquals(LifecyclePolicy.CountType.SINCE_IMAGE_PULLED, policy.rules().get(2).selection().countType());
    }
}
